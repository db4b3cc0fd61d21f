using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Writes and reads OAuth2 refresh tokens: <c>akrt1.&lt;base64url(json)&gt;.&lt;base64url(HMAC-SHA256)&gt;</c>.
/// Opaque to clients (the spec leaves the format to the server); signed so nothing needs storing, and
/// revoked by the credential stamp inside. Use a key of its own (see <see cref="DeriveKey"/>) so that a
/// refresh token can never pass as an access token or the other way round.
/// </summary>
public sealed class RefreshTokenCodec
{
    private const string Prefix = "akrt1.";
    private const int MaxLength = 4096;
    private const int SignatureLength = 43; // base64url of 32 bytes, unpadded
    private static readonly byte[] KeyInfo = "artifactkeeper refresh tokens v1"u8.ToArray();

    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    private readonly byte[] _key;

    public RefreshTokenCodec(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("The HMAC key must be at least 32 bytes.", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    /// <summary>Derives the refresh-token key from the registry's token signing key (HKDF-SHA256).</summary>
    public static byte[] DeriveKey(byte[] signingKey) => HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, salt: null, info: KeyInfo);

    public string Issue(RefreshTokenClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentException.ThrowIfNullOrEmpty(claims.Subject);
        ArgumentException.ThrowIfNullOrEmpty(claims.Service);
        ArgumentException.ThrowIfNullOrEmpty(claims.CredentialStamp);
        if (claims.ExpiresAt <= claims.IssuedAt)
        {
            throw new ArgumentException("A token must expire after it was issued.", nameof(claims));
        }

        var payload = new Payload(
            claims.Subject, claims.UserId, claims.Service, claims.CredentialStamp, claims.ClientId,
            claims.IssuedAt.ToUnixTimeSeconds(), claims.ExpiresAt.ToUnixTimeSeconds(), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        var signed = Prefix + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        return signed + "." + Sign(signed);
    }

    /// <summary>
    /// True when <paramref name="token"/> was issued with this key for <paramref name="expectedService"/> and has
    /// not expired. Anything else, including input that is not a refresh token at all, returns false.
    /// </summary>
    public bool TryRead(string? token, string expectedService, DateTimeOffset now, out RefreshTokenClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal)
            || token.AsSpan().ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        var dot = token.LastIndexOf('.');
        if (dot <= Prefix.Length || token.Length - dot - 1 != SignatureLength)
        {
            return false;
        }

        var signed = token[..dot];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(signed)), Encoding.ASCII.GetBytes(token[(dot + 1)..])))
        {
            return false;
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(signed.AsSpan(Prefix.Length)));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return false;
        }

        if (payload is null || string.IsNullOrEmpty(payload.Subject) || string.IsNullOrEmpty(payload.Stamp)
            || !string.Equals(payload.Service, expectedService, StringComparison.Ordinal)
            || payload.ExpiresAt <= now.ToUnixTimeSeconds()
            || payload.IssuedAt - (long)RegistryTokenSigner.ClockSkew.TotalSeconds > now.ToUnixTimeSeconds())
        {
            return false;
        }

        claims = new RefreshTokenClaims(
            payload.Subject, payload.UserId, payload.Service, payload.Stamp, payload.ClientId ?? string.Empty,
            DateTimeOffset.FromUnixTimeSeconds(payload.IssuedAt), DateTimeOffset.FromUnixTimeSeconds(payload.ExpiresAt));
        return true;
    }

    private string Sign(string signed) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed)));

    private sealed record Payload(
        [property: JsonPropertyName("sub")] string Subject,
        [property: JsonPropertyName("uid")] long UserId,
        [property: JsonPropertyName("aud")] string Service,
        [property: JsonPropertyName("stamp")] string Stamp,
        [property: JsonPropertyName("cid")] string? ClientId,
        [property: JsonPropertyName("iat")] long IssuedAt,
        [property: JsonPropertyName("exp")] long ExpiresAt,
        [property: JsonPropertyName("jti")] string Id);
}
