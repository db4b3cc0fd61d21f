using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Tests.Signing.Notation;

/// <summary>A throwaway signer: its key and its certificate chain, leaf first, as an envelope carries it.</summary>
internal sealed record NotationSigner(AsymmetricAlgorithm Key, IReadOnlyList<X509Certificate2> Chain)
{
    public X509Certificate2 Leaf => Chain[0];
}

/// <summary>Throwaway CAs, code-signing leaves and a time-stamping authority made with the platform's crypto.</summary>
internal static class NotationPki
{
    private const string CodeSigning = "1.3.6.1.5.5.7.3.3", TimeStamping = "1.3.6.1.5.5.7.3.8";

    public static X509Certificate2 Root(string subject, DateTimeOffset from, DateTimeOffset to)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(from, to);
    }

    /// <summary>An intermediate CA under <paramref name="issuer"/>, with its private key.</summary>
    public static X509Certificate2 Intermediate(X509Certificate2 issuer, string subject, DateTimeOffset from, DateTimeOffset to)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var certificate = request.Create(issuer, from, to, RandomNumberGenerator.GetBytes(8));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>A code-signing leaf under <paramref name="issuer"/> with an RSA 2048 or ECDSA P-256 key.</summary>
    public static NotationSigner Signer(X509Certificate2 issuer, string subject, DateTimeOffset from, DateTimeOffset to, bool rsa, params X509Certificate2[] above)
    {
        AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsa
            ? new CertificateRequest(subject, (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CodeSigning)], false));
        using var issuerKey = issuer.GetECDsaPrivateKey() ?? throw new InvalidOperationException("test issuers are ECDSA CAs with their private key");
        var leaf = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), from, to, RandomNumberGenerator.GetBytes(8));
        return new NotationSigner(key, [leaf, .. above]);
    }

    /// <summary>A time-stamping leaf under <paramref name="root"/>, with its private key.</summary>
    public static X509Certificate2 Tsa(X509Certificate2 root, DateTimeOffset from, DateTimeOffset to)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test TSA, O=Acme, C=US", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(TimeStamping)], true));
        using var certificate = request.Create(root, from, to, RandomNumberGenerator.GetBytes(8));
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>An RFC 3161 token by <paramref name="tsa"/> over <paramref name="data"/> at <paramref name="time"/>.</summary>
    public static byte[] Stamp(X509Certificate2 tsa, ReadOnlySpan<byte> data, DateTimeOffset time)
    {
        var info = new Rfc3161TimestampTokenInfo(new Oid("1.3.6.1.4.1.99999.1"), new Oid("2.16.840.1.101.3.4.2.1"), SHA256.HashData(data),
            RandomNumberGenerator.GetBytes(8), time);
        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), info.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, tsa) { IncludeOption = X509IncludeOption.EndCertOnly };
        signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", SigningCertificateV2(tsa)));
        cms.ComputeSignature(signer);
        return cms.Encode();
    }

    private static byte[] SigningCertificateV2(X509Certificate2 certificate)
    {
        // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 { certHash (SHA-256 by default) } }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
        return writer.Encode();
    }
}
