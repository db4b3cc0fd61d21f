using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArtifactKeeper.Tests.Shared.Loopback;

/// <summary>
/// A self-signed TLS server certificate for 127.0.0.1 (and <c>localhost</c>), written as PEM files a server such as
/// docker-registry loads (<c>http.tls.certificate</c> and <c>key</c>). No trust store knows it, which is the point:
/// clients must either refuse it or have been told to accept it.
/// </summary>
public sealed class LoopbackCertificate
{
    private LoopbackCertificate(string certificatePath, string keyPath, string thumbprint)
    {
        CertificatePath = certificatePath;
        KeyPath = keyPath;
        Thumbprint = thumbprint;
    }

    /// <summary>The certificate, PEM.</summary>
    public string CertificatePath { get; }

    /// <summary>Its private key, PKCS#8 PEM.</summary>
    public string KeyPath { get; }

    /// <summary>SHA-1 thumbprint (hex), to tell this certificate apart in a handshake.</summary>
    public string Thumbprint { get; }

    /// <summary>Creates a certificate valid from yesterday for a week and writes it into <paramref name="directory"/>.</summary>
    public static LoopbackCertificate Create(string directory)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var certificatePath = Path.Combine(directory, "tls-cert.pem");
        var keyPath = Path.Combine(directory, "tls-key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return new LoopbackCertificate(certificatePath, keyPath, certificate.Thumbprint);
    }
}
