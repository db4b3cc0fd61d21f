using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>Why an ID token was refused (or that it was not).</summary>
public enum IdTokenStatus
{
    Valid = 0,
    /// <summary>Not a compact JWS, header or payload not the JSON they must be, or a <c>crit</c> header.</summary>
    Malformed,
    /// <summary><c>alg</c> is none, an HMAC, or anything else than RS*, PS* and ES*.</summary>
    UnsupportedAlgorithm,
    /// <summary>No key of the provider's JWKS fits the token's <c>kid</c> and <c>alg</c>.</summary>
    UnknownKey,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    Expired,
    NotYetValid,
    /// <summary>No <c>sub</c> or no <c>exp</c>.</summary>
    MissingClaim,
    /// <summary>The code flow sent a nonce and the token does not carry it.</summary>
    NonceMismatch,
}

/// <summary>What the token must satisfy besides its signature.</summary>
public sealed record IdTokenExpectations(string Issuer, string Audience, DateTimeOffset Now, string? Nonce = null);

/// <summary>The outcome of <see cref="IdTokenValidator.Validate"/>; <see cref="Claims"/> is set when valid.</summary>
public sealed record IdTokenValidation(IdTokenStatus Status, JsonElement Claims, string? KeyId)
{
    public bool IsValid => Status == IdTokenStatus.Valid;
}

/// <summary>
/// Checks an OpenID Connect ID token (OpenID Connect Core §3.1.3.7) against a provider's keys: compact JWS shape,
/// an asymmetric algorithm (never none or HMAC, whatever the header says), the key, the signature, then issuer,
/// audience (and <c>azp</c> when present), expiry and not-before with <see cref="ClockSkew"/>, and the nonce the
/// code flow sent. Pure: keys and time come in as arguments. Failure is a status, never an exception.
/// </summary>
public static class IdTokenValidator
{
    /// <summary>Clock difference tolerated between the provider and the registry.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>Generous for tokens with many groups, small enough that a hostile header costs nothing.</summary>
    public const int MaxTokenLength = 64 * 1024;

    private static readonly SearchValues<char> TokenAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>The unverified header fields needed to pick a key: <c>alg</c> and <c>kid</c>.</summary>
    public static bool TryReadHeader(string token, out string? algorithm, out string? keyId)
    {
        algorithm = null;
        keyId = null;
        if (!TrySplit(token, out var header, out _, out _) || !TryParseJson(header, out var json))
        {
            return false;
        }

        if (json.TryGetProperty("crit", out _))
        {
            // RFC 7515 §4.1.11: extensions we do not understand make the token unacceptable.
            return false;
        }

        algorithm = json.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String ? alg.GetString() : null;
        if (json.TryGetProperty("kid", out var kid))
        {
            if (kid.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            keyId = kid.GetString();
        }

        return algorithm is not null;
    }

    /// <summary>The unverified <c>iss</c> of a JWT, to route a bearer token to its validator; null when there is none.</summary>
    public static string? PeekIssuer(string token)
    {
        if (!TrySplit(token, out _, out var payload, out _) || !TryParseJson(payload, out var json))
        {
            return null;
        }

        return json.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString() : null;
    }

    public static bool IsSupportedAlgorithm(string? algorithm) =>
        algorithm is "RS256" or "RS384" or "RS512" or "PS256" or "PS384" or "PS512" or "ES256" or "ES384" or "ES512";

    public static IdTokenValidation Validate(string token, JsonWebKeySet keys, IdTokenExpectations expected)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(expected);
        if (!TrySplit(token, out _, out var payloadText, out var signatureText) || !TryReadHeader(token, out var algorithm, out var keyId))
        {
            return Fail(IdTokenStatus.Malformed);
        }

        if (!IsSupportedAlgorithm(algorithm))
        {
            return Fail(IdTokenStatus.UnsupportedAlgorithm, keyId);
        }

        var candidates = keys.Candidates(keyId, algorithm!).ToList();
        if (candidates.Count == 0)
        {
            return Fail(IdTokenStatus.UnknownKey, keyId);
        }

        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(signatureText);
        }
        catch (FormatException)
        {
            return Fail(IdTokenStatus.Malformed, keyId);
        }

        var signedData = Encoding.ASCII.GetBytes(token.AsSpan(0, token.Length - signatureText.Length - 1).ToString());
        if (!candidates.Any(k => k.Verify(algorithm!, signedData, signature)))
        {
            return Fail(IdTokenStatus.BadSignature, keyId);
        }

        if (!TryParseJson(payloadText, out var claims))
        {
            return Fail(IdTokenStatus.Malformed, keyId);
        }

        return new IdTokenValidation(CheckClaims(claims, expected), claims, keyId);
    }

    private static IdTokenStatus CheckClaims(JsonElement claims, IdTokenExpectations expected)
    {
        if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || !iss.ValueEquals(expected.Issuer))
        {
            return IdTokenStatus.WrongIssuer;
        }

        if (!HasAudience(claims, expected.Audience))
        {
            return IdTokenStatus.WrongAudience;
        }

        if (!claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || sub.GetString()!.Length == 0
            || !TryTime(claims, "exp", out var expires) || expires is null)
        {
            return IdTokenStatus.MissingClaim;
        }

        var now = expected.Now.ToUnixTimeSeconds();
        var skew = (long)ClockSkew.TotalSeconds;
        if (expires.Value + skew <= now)
        {
            return IdTokenStatus.Expired;
        }

        if (!TryTime(claims, "nbf", out var notBefore))
        {
            return IdTokenStatus.Malformed;
        }

        if (notBefore is { } nbf && nbf - skew > now)
        {
            return IdTokenStatus.NotYetValid;
        }

        if (expected.Nonce is not null
            && (!claims.TryGetProperty("nonce", out var nonce) || nonce.ValueKind != JsonValueKind.String || !nonce.ValueEquals(expected.Nonce)))
        {
            return IdTokenStatus.NonceMismatch;
        }

        return IdTokenStatus.Valid;
    }

    // aud may be one string or an array (RFC 7519 §4.1.3). With several audiences, a present azp must be us (Core §3.1.3.7).
    private static bool HasAudience(JsonElement claims, string audience)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        var listed = aud.ValueKind switch
        {
            JsonValueKind.String => aud.ValueEquals(audience),
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.ValueEquals(audience)),
            _ => false,
        };
        if (!listed)
        {
            return false;
        }

        return !claims.TryGetProperty("azp", out var azp) || (azp.ValueKind == JsonValueKind.String && azp.ValueEquals(audience));
    }

    private static bool TryTime(JsonElement claims, string name, out long? seconds)
    {
        seconds = null;
        if (!claims.TryGetProperty(name, out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (value.TryGetInt64(out var whole))
        {
            seconds = whole;
            return true;
        }

        if (value.TryGetDouble(out var fractional) && double.IsFinite(fractional) && Math.Abs(fractional) < 1e15)
        {
            seconds = (long)Math.Floor(fractional);
            return true;
        }

        return false;
    }

    private static bool TrySplit(string token, out ReadOnlySpan<char> header, out ReadOnlySpan<char> payload, out ReadOnlySpan<char> signature)
    {
        header = payload = signature = default;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token.AsSpan().ContainsAnyExcept(TokenAlphabet))
        {
            return false;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var last = token.LastIndexOf('.');
        if (first <= 0 || last <= first + 1 || token.AsSpan(first + 1, last - first - 1).Contains('.'))
        {
            return false;
        }

        header = token.AsSpan(0, first);
        payload = token.AsSpan(first + 1, last - first - 1);
        signature = token.AsSpan(last + 1);
        return true;
    }

    private static bool TryParseJson(ReadOnlySpan<char> encoded, out JsonElement json)
    {
        json = default;
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(encoded));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            json = document.RootElement.Clone();
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    private static IdTokenValidation Fail(IdTokenStatus status, string? keyId = null) => new(status, default, keyId);
}
