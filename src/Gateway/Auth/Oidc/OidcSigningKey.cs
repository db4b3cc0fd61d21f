using System.Security.Cryptography;

namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// One public key from a provider's JWKS, able to check the JWS algorithms that fit it. Only asymmetric keys exist
/// here: a symmetric (<c>oct</c>) key in a JWKS is never loaded, so an HMAC-signed token has no key to verify with.
/// </summary>
public sealed class OidcSigningKey
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;
    private readonly string? _curve;

    private OidcSigningKey(string? keyId, string? algorithm, RSA? rsa, ECDsa? ec, string? curve)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        _rsa = rsa;
        _ec = ec;
        _curve = curve;
    }

    /// <summary>The key's <c>kid</c>, or null when the JWKS gives none.</summary>
    public string? KeyId { get; }

    /// <summary>The key's <c>alg</c>, when the JWKS pins one; then no other algorithm is accepted with it.</summary>
    public string? Algorithm { get; }

    public static OidcSigningKey ForRsa(string? keyId, string? algorithm, RSAParameters parameters)
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return new OidcSigningKey(keyId, algorithm, rsa, null, null);
    }

    public static OidcSigningKey ForEc(string? keyId, string? algorithm, string curve, ECParameters parameters) =>
        new(keyId, algorithm, null, ECDsa.Create(parameters), curve);

    /// <summary>Whether this key may check a JWS signed with <paramref name="algorithm"/> (key type, curve and pinned alg all fit).</summary>
    public bool Fits(string algorithm)
    {
        if (Algorithm is not null && !string.Equals(Algorithm, algorithm, StringComparison.Ordinal))
        {
            return false;
        }

        return algorithm switch
        {
            "RS256" or "RS384" or "RS512" or "PS256" or "PS384" or "PS512" => _rsa is not null,
            "ES256" => _curve == "P-256",
            "ES384" => _curve == "P-384",
            "ES512" => _curve == "P-521",
            _ => false,
        };
    }

    /// <summary>Checks <paramref name="signature"/> over <paramref name="signedData"/>; false for anything that does not fit.</summary>
    public bool Verify(string algorithm, ReadOnlySpan<byte> signedData, ReadOnlySpan<byte> signature)
    {
        if (!Fits(algorithm))
        {
            return false;
        }

        try
        {
            return algorithm switch
            {
                "RS256" => _rsa!.VerifyData(signedData, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                "RS384" => _rsa!.VerifyData(signedData, signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
                "RS512" => _rsa!.VerifyData(signedData, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
                "PS256" => _rsa!.VerifyData(signedData, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
                "PS384" => _rsa!.VerifyData(signedData, signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
                "PS512" => _rsa!.VerifyData(signedData, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
                // JWS carries ECDSA signatures as fixed-size r||s (RFC 7518 §3.4), .NET's IEEE P1363 format.
                "ES256" => _ec!.VerifyData(signedData, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                "ES384" => _ec!.VerifyData(signedData, signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                "ES512" => _ec!.VerifyData(signedData, signature, HashAlgorithmName.SHA512, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
