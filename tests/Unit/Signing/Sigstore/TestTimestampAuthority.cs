using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Tests.Signing.Sigstore;

/// <summary>A throwaway RFC 3161 timestamp authority: a root, a time-stamping leaf, and tokens it signs.</summary>
internal sealed class TestTimestampAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestTimestampAuthority()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=test-tsa-root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Root = rootRequest.CreateSelfSigned(TestSigstore.Start.AddYears(-1), TestSigstore.Start.AddYears(5));
        var request = new CertificateRequest("CN=test-tsa", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
        using var leaf = request.Create(Root, TestSigstore.Start.AddYears(-1), TestSigstore.Start.AddYears(5), RandomNumberGenerator.GetBytes(8));
        Leaf = leaf.CopyWithPrivateKey(_key);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Leaf { get; }

    /// <summary>
    /// A random positive serial in minimal big-endian form: Rfc3161TimestampTokenInfo refuses one whose first 9 bits are
    /// all equal, which a plain random 8 bytes are once in 256 draws.
    /// </summary>
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    /// <summary>A TimeStampToken (CMS ContentInfo) over SHA-256 of <paramref name="data"/>, stamped <paramref name="at"/>.</summary>
    public byte[] Stamp(byte[] data, DateTimeOffset at)
    {
        var info = new Rfc3161TimestampTokenInfo(new Oid("1.2.3.4.5"), new Oid("2.16.840.1.101.3.4.2.1"), SHA256.HashData(data), SerialNumber(), at);
        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), info.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Leaf)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        // RFC 5816: the ESS signing-certificate-v2 attribute binds the TSA certificate (default hash SHA-256).
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
            writer.WriteOctetString(SHA256.HashData(Leaf.RawData));
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.47"), writer.Encode()));
        cms.ComputeSignature(signer);
        return cms.Encode();
    }

    public void Dispose()
    {
        Root.Dispose();
        Leaf.Dispose();
        _key.Dispose();
    }
}
