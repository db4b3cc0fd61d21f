using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Tests.Signing.Crypto;

/// <summary>Throwaway CAs and leaves made with the platform's crypto, for chain and signature tests.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Root(string name, DateTimeOffset from, DateTimeOffset to)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(from, to);
    }

    public static X509Certificate2 Leaf(X509Certificate2 issuer, string name, DateTimeOffset from, DateTimeOffset to, ECDsa key, string? usage)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (usage is not null)
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        return request.Create(issuer, from, to, RandomNumberGenerator.GetBytes(8));
    }
}
