using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Signing.Crypto;

/// <summary>
/// Checks the signature on one certificate with a candidate issuer's key: the link of a chain proven by
/// cryptography rather than by matching names (issuer and subject names can repeat, see MANIFEST item 9).
/// Supports RSA (PKCS#1 v1.5 and PSS), ECDSA and Ed25519 certificate signatures.
/// </summary>
public static class CertificateSignature
{
    private const string RsaPss = "1.2.840.113549.1.1.10", Ed25519 = "1.3.101.112";

    private static readonly Dictionary<string, (HashAlgorithmName Hash, RsaPadding Padding)> Algorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.11"] = (HashAlgorithmName.SHA256, RsaPadding.Pkcs1),
        ["1.2.840.113549.1.1.12"] = (HashAlgorithmName.SHA384, RsaPadding.Pkcs1),
        ["1.2.840.113549.1.1.13"] = (HashAlgorithmName.SHA512, RsaPadding.Pkcs1),
        ["1.2.840.10045.4.3.2"] = (HashAlgorithmName.SHA256, RsaPadding.Pkcs1),
        ["1.2.840.10045.4.3.3"] = (HashAlgorithmName.SHA384, RsaPadding.Pkcs1),
        ["1.2.840.10045.4.3.4"] = (HashAlgorithmName.SHA512, RsaPadding.Pkcs1),
    };

    private static readonly Dictionary<string, HashAlgorithmName> HashOids = new(StringComparer.Ordinal)
    {
        ["2.16.840.1.101.3.4.2.1"] = HashAlgorithmName.SHA256,
        ["2.16.840.1.101.3.4.2.2"] = HashAlgorithmName.SHA384,
        ["2.16.840.1.101.3.4.2.3"] = HashAlgorithmName.SHA512,
    };

    /// <summary>True when <paramref name="certificate"/> carries a valid signature by <paramref name="issuer"/>'s key.</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        try
        {
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue();
            var algorithm = outer.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);
            using var key = VerificationKey.FromCertificate(issuer);
            if (oid == Ed25519)
                return key.Algorithm == KeyAlgorithm.Ed25519 && key.VerifyData(tbs.Span, signature, default);
            if (oid == RsaPss)
                return key.Algorithm == KeyAlgorithm.Rsa && key.VerifyData(tbs.Span, signature, PssHash(algorithm), rsaPadding: RsaPadding.Pss);
            if (!Algorithms.TryGetValue(oid, out var known))
                return false;
            var isEcdsa = oid.StartsWith("1.2.840.10045.", StringComparison.Ordinal);
            if (isEcdsa == (key.Algorithm == KeyAlgorithm.Rsa) || key.Algorithm == KeyAlgorithm.Ed25519)
                return false;
            return key.VerifyData(tbs.Span, signature, known.Hash, EcdsaEncoding.Der, known.Padding);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>True when the certificate is signed by its own key (a root, or a self-signed leaf).</summary>
    public static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) && IsSignedBy(certificate, certificate);

    private static HashAlgorithmName PssHash(AsnReader algorithm)
    {
        // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, ... }
        if (!algorithm.HasData)
            throw new CryptographicException("RSASSA-PSS without parameters (SHA-1) is not accepted.");
        var parameters = algorithm.ReadSequence();
        var tag = new Asn1Tag(TagClass.ContextSpecific, 0);
        if (!parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(tag))
            throw new CryptographicException("RSASSA-PSS with SHA-1 is not accepted.");
        var hashOid = parameters.ReadSequence(tag).ReadSequence().ReadObjectIdentifier();
        return HashOids.TryGetValue(hashOid, out var hash) ? hash : throw new CryptographicException($"Unsupported PSS hash {hashOid}.");
    }
}
