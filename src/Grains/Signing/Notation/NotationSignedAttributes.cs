using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// The protected header of a Notation envelope, read the same way from JWS and COSE, and the rules the
/// specification puts on it: the payload content type, a known signing scheme with the time it requires, and
/// critical headers that are all present and understood (this registry runs no verification plugins).
/// </summary>
internal sealed record NotationSignedAttributes(
    string? Algorithm,
    string? ContentType,
    IReadOnlyList<string>? Critical,
    string? SigningScheme,
    DateTimeOffset? SigningTime,
    DateTimeOffset? AuthenticSigningTime,
    DateTimeOffset? Expiry,
    Func<string, bool> IsPresent)
{
    private static readonly HashSet<string> Understood = new(StringComparer.Ordinal)
    {
        NotationHeaders.SigningScheme, NotationHeaders.Expiry, NotationHeaders.AuthenticSigningTime,
    };

    /// <summary>Null when the header follows the specification, else what is wrong with it.</summary>
    public string? Validate()
    {
        if (ContentType != NotationMediaTypes.Payload)
            return $"the payload content type is '{ContentType}', not '{NotationMediaTypes.Payload}'";
        if (SigningScheme is not (NotationMediaTypes.SchemeX509 or NotationMediaTypes.SchemeSigningAuthority))
            return $"unknown signing scheme '{SigningScheme}' (expected '{NotationMediaTypes.SchemeX509}' or '{NotationMediaTypes.SchemeSigningAuthority}')";
        if (Critical is null || Critical.Count == 0)
            return "the protected header has no 'crit' list";
        var critical = Critical.ToHashSet(StringComparer.Ordinal);
        if (!critical.Contains(NotationHeaders.SigningScheme))
            return $"'{NotationHeaders.SigningScheme}' is not marked critical";
        if (SigningScheme == NotationMediaTypes.SchemeX509 && SigningTime is null)
            return $"the '{NotationMediaTypes.SchemeX509}' scheme requires '{NotationHeaders.SigningTime}'";
        if (SigningScheme == NotationMediaTypes.SchemeSigningAuthority && AuthenticSigningTime is null)
            return $"the '{NotationMediaTypes.SchemeSigningAuthority}' scheme requires '{NotationHeaders.AuthenticSigningTime}'";
        if (Expiry is not null && !critical.Contains(NotationHeaders.Expiry))
            return $"'{NotationHeaders.Expiry}' is present but not marked critical";
        if (AuthenticSigningTime is not null && !critical.Contains(NotationHeaders.AuthenticSigningTime))
            return $"'{NotationHeaders.AuthenticSigningTime}' is present but not marked critical";
        if (Critical.FirstOrDefault(c => c is NotationHeaders.VerificationPlugin or NotationHeaders.VerificationPluginMinVersion) is { } plugin)
            return $"the signature requires a Notation verification plugin ('{plugin}'), which this registry does not run";
        foreach (var name in Critical)
        {
            if (!IsPresent(name))
                return $"critical header '{name}' is listed in 'crit' but absent";
            if (!Understood.Contains(name))
                return $"critical header '{name}' is not understood";
        }

        var signed = AuthenticSigningTime ?? SigningTime;
        if (Expiry is { } expiry && signed is { } at && expiry <= at)
            return $"the expiry {expiry:O} is not after the signing time {at:O}";
        return null;
    }

    /// <summary>Reads an RFC 3339 time as JWS headers carry it.</summary>
    /// <exception cref="FormatException">The value is not an RFC 3339 string.</exception>
    public static DateTimeOffset ParseTime(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw new FormatException("a time header is not an RFC 3339 string");
}

/// <summary>The signature algorithms Notation allows and the keys each needs.</summary>
internal static class NotationAlgorithms
{
    /// <summary>The hash and padding of a JWS <c>alg</c> name (PS256..PS512, ES256..ES512), checked against the leaf's key.</summary>
    public static string? Check(string? algorithm, X509Certificate2 leaf, out HashAlgorithmName hash)
    {
        hash = default;
        var (isRsa, bits) = algorithm switch
        {
            "PS256" => (true, 256),
            "PS384" => (true, 384),
            "PS512" => (true, 512),
            "ES256" => (false, 256),
            "ES384" => (false, 384),
            "ES512" => (false, 512),
            _ => (false, 0),
        };
        if (bits == 0)
            return $"signature algorithm '{algorithm}' is not one Notation allows (PS256/384/512, ES256/384/512)";
        hash = new HashAlgorithmName("SHA" + bits);
        if (isRsa)
        {
            using var rsa = leaf.GetRSAPublicKey();
            return rsa is { KeySize: >= 2048 } ? null : $"{algorithm} needs an RSA key of at least 2048 bits in the signing certificate";
        }

        using var key = VerificationKey.FromCertificate(leaf);
        var expected = bits switch { 256 => KeyAlgorithm.EcdsaP256, 384 => KeyAlgorithm.EcdsaP384, _ => KeyAlgorithm.EcdsaP521 };
        return key.Algorithm == expected ? null : $"{algorithm} needs a {expected} key in the signing certificate, not {key.Algorithm}";
    }

    /// <summary>The JWS name of a COSE algorithm id.</summary>
    public static string? FromCose(int id) => id switch
    {
        -37 => "PS256",
        -38 => "PS384",
        -39 => "PS512",
        -7 => "ES256",
        -35 => "ES384",
        -36 => "ES512",
        _ => null,
    };
}
