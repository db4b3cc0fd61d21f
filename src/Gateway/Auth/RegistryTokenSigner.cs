using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Issues and validates the HS256 JWTs of Docker Registry v2 token auth. Validation runs on every
/// authenticated request, so it works on spans and pooled buffers and reports failure with <c>false</c>,
/// never an exception. Instances are immutable and safe to share.
/// </summary>
public sealed class RegistryTokenSigner
{
    /// <summary>Clock difference tolerated between the token service and the registry.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private const int MinKeyLength = 32;
    private const int SignatureLength = 43; // base64url of a 32-byte HMAC-SHA256, unpadded
    private const int MaxTokenLength = 64 * 1024;
    private const int MaxHeaderLength = 512;
    private const int StackBufferLength = 1024;

    private static readonly byte[] EncodedHeader =
        Encoding.ASCII.GetBytes(Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8));

    // A strict alphabet up front means the decoder's leniency (whitespace, padding) never matters.
    private static readonly SearchValues<char> TokenAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private readonly byte[] _key;
    private readonly byte[] _issuerUtf8;

    /// <summary>Creates a signer; <paramref name="key"/> must hold at least 32 bytes.</summary>
    public RegistryTokenSigner(byte[] key, string issuer)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        if (key.Length < MinKeyLength)
        {
            throw new ArgumentException($"The HMAC key must be at least {MinKeyLength} bytes.", nameof(key));
        }

        _key = (byte[])key.Clone();
        _issuerUtf8 = Encoding.UTF8.GetBytes(issuer);
        Issuer = issuer;
    }

    /// <summary>The <c>iss</c> claim written into, and required of, every token.</summary>
    public string Issuer { get; }

    /// <summary>Issues a compact JWT carrying <paramref name="claims"/>, a fresh <c>jti</c> and <c>nbf = iat</c>.</summary>
    public string Issue(RegistryTokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(claims.Subject);
        ArgumentException.ThrowIfNullOrEmpty(claims.Audience);
        ArgumentNullException.ThrowIfNull(claims.Access);
        if (claims.ExpiresAt <= claims.IssuedAt)
        {
            throw new ArgumentException("A token must expire after it was issued.", nameof(claims));
        }

        var payload = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(payload))
        {
            WritePayload(json, claims);
        }

        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var signedLength = EncodedHeader.Length + 1 + payloadLength;
        var total = signedLength + 1 + SignatureLength;
        var rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var buffer = rented.AsSpan(0, total);
            EncodedHeader.CopyTo(buffer);
            buffer[EncodedHeader.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(payload.WrittenSpan, buffer[(EncodedHeader.Length + 1)..signedLength]);
            buffer[signedLength] = (byte)'.';

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, buffer[..signedLength], mac);
            Base64Url.EncodeToUtf8(mac, buffer[(signedLength + 1)..]);
            return Encoding.ASCII.GetString(buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Checks shape, algorithm, signature, issuer, audience and lifetime (with <see cref="ClockSkew"/>).
    /// Returns false for anything else, including input that is not a token at all.
    /// </summary>
    public bool TryValidate(string token, string expectedAudience, DateTimeOffset now, out RegistryTokenClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || string.IsNullOrEmpty(expectedAudience))
        {
            return false;
        }

        var text = token.AsSpan();
        if (text.ContainsAnyExcept(TokenAlphabet))
        {
            return false;
        }

        var firstDot = text.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : text.LastIndexOf('.');
        if (firstDot <= 0 || secondDot <= firstDot + 1 || text.Length - secondDot - 1 != SignatureLength
            || firstDot > MaxHeaderLength || text[(firstDot + 1)..secondDot].Contains('.'))
        {
            return false;
        }

        byte[]? rented = null;
        var buffer = secondDot <= StackBufferLength
            ? stackalloc byte[StackBufferLength]
            : (rented = ArrayPool<byte>.Shared.Rent(secondDot));
        try
        {
            return HasValidSignature(text, secondDot, buffer)
                && HasValidHeader(text[..firstDot], buffer)
                && TryReadPayload(text[(firstDot + 1)..secondDot], buffer, expectedAudience, now, out claims);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Compares the text of the signature rather than decoded bytes: base64url has several spellings of
    // the same bytes (unused trailing bits), and only the canonical one should validate.
    private bool HasValidSignature(ReadOnlySpan<char> token, int signedLength, Span<byte> scratch)
    {
        var signingInput = scratch[..signedLength];
        Encoding.ASCII.GetBytes(token[..signedLength], signingInput);

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, signingInput, mac);
        Span<char> expected = stackalloc char[SignatureLength];
        Base64Url.EncodeToChars(mac, expected);

        return CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(expected),
            MemoryMarshal.AsBytes(token[(signedLength + 1)..]));
    }

    private static bool HasValidHeader(ReadOnlySpan<char> encoded, Span<byte> scratch)
    {
        if (!TryDecode(encoded, scratch, out var json))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var algorithmOk = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("alg"u8))
                {
                    reader.Read();
                    algorithmOk = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("HS256"u8);
                    if (!algorithmOk)
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("crit"u8))
                {
                    // RFC 7515 §4.1.11: extensions we do not understand make the token unacceptable.
                    return false;
                }
                else
                {
                    reader.Skip();
                }
            }

            return algorithmOk && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool TryReadPayload(
        ReadOnlySpan<char> encoded, Span<byte> scratch, string expectedAudience, DateTimeOffset now, out RegistryTokenClaims? claims)
    {
        claims = null;
        if (!TryDecode(encoded, scratch, out var json))
        {
            return false;
        }

        RegistryTokenPayload payload;
        try
        {
            if (!RegistryTokenPayload.TryRead(json, _issuerUtf8, expectedAudience, out payload))
            {
                return false;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        var skew = (long)ClockSkew.TotalSeconds;
        if (payload.ExpiresAt + skew <= nowSeconds || payload.NotBefore - skew > nowSeconds)
        {
            return false;
        }

        claims = new RegistryTokenClaims(
            payload.Subject,
            expectedAudience,
            DateTimeOffset.FromUnixTimeSeconds(payload.IssuedAt),
            DateTimeOffset.FromUnixTimeSeconds(payload.ExpiresAt),
            payload.Access);
        return true;
    }

    private static bool TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination, out ReadOnlySpan<byte> decoded)
    {
        var status = Base64Url.DecodeFromChars(encoded, destination, out var consumed, out var written);
        decoded = destination[..written];
        return status == OperationStatus.Done && consumed == encoded.Length && written > 0;
    }

    private void WritePayload(Utf8JsonWriter json, RegistryTokenClaims claims)
    {
        Span<byte> id = stackalloc byte[16];
        RandomNumberGenerator.Fill(id);
        Span<char> jti = stackalloc char[Base64Url.GetEncodedLength(id.Length)];
        Base64Url.EncodeToChars(id, jti);
        var issuedAt = claims.IssuedAt.ToUnixTimeSeconds();

        json.WriteStartObject();
        json.WriteString("iss"u8, Issuer);
        json.WriteString("sub"u8, claims.Subject);
        json.WriteString("aud"u8, claims.Audience);
        json.WriteNumber("iat"u8, issuedAt);
        json.WriteNumber("nbf"u8, issuedAt);
        json.WriteNumber("exp"u8, claims.ExpiresAt.ToUnixTimeSeconds());
        json.WriteString("jti"u8, jti);
        json.WriteStartArray("access"u8);
        foreach (var access in claims.Access)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, access.Type);
            json.WriteString("name"u8, access.Name);
            json.WriteStartArray("actions"u8);
            foreach (var action in access.Actions)
            {
                json.WriteStringValue(action);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
