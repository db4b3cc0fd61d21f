using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Tests.Signing.Crypto;

public sealed class VerificationKeyTests
{
    private static readonly byte[] Message = Encoding.UTF8.GetBytes("{\"critical\":{}}");

    [Theory]
    [InlineData("nistP256", KeyAlgorithm.EcdsaP256)]
    [InlineData("nistP384", KeyAlgorithm.EcdsaP384)]
    [InlineData("nistP521", KeyAlgorithm.EcdsaP521)]
    public void Ecdsa_key_verifies_der_and_p1363_signatures_in_the_encoding_asked_for(string curve, KeyAlgorithm expected)
    {
        using var signer = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        using var key = VerificationKey.FromPem(signer.ExportSubjectPublicKeyInfoPem());
        var hash = key.DefaultHash;
        var der = signer.SignData(Message, hash, DSASignatureFormat.Rfc3279DerSequence);
        var p1363 = signer.SignData(Message, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        Assert.Equal(expected, key.Algorithm);
        Assert.True(key.VerifyData(Message, der, hash));
        Assert.True(key.VerifyData(Message, p1363, hash, EcdsaEncoding.IeeeP1363));
        Assert.False(key.VerifyData(Message, p1363, hash), "a P1363 signature is not read as DER");
        Assert.False(key.VerifyData(Message, der, hash, EcdsaEncoding.IeeeP1363));
        Assert.True(key.VerifyHash(SHA256.HashData(Message), signer.SignHash(SHA256.HashData(Message), DSASignatureFormat.Rfc3279DerSequence), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void P384_default_hash_is_sha384_and_a_sha256_signature_verifies_only_when_asked_for_sha256()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var key = VerificationKey.FromPem(signer.ExportSubjectPublicKeyInfoPem());
        var signature = signer.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        Assert.Equal(HashAlgorithmName.SHA384, key.DefaultHash);
        Assert.False(key.VerifyData(Message, signature, key.DefaultHash));
        Assert.True(key.VerifyData(Message, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void Rsa_key_verifies_pkcs1_and_pss_only_with_the_matching_padding()
    {
        using var signer = RSA.Create(2048);
        using var key = VerificationKey.FromPem(signer.ExportSubjectPublicKeyInfoPem());
        var pkcs1 = signer.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var pss = signer.SignData(Message, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);

        Assert.Equal(KeyAlgorithm.Rsa, key.Algorithm);
        Assert.True(key.VerifyData(Message, pkcs1, HashAlgorithmName.SHA256));
        Assert.False(key.VerifyData(Message, pkcs1, HashAlgorithmName.SHA256, rsaPadding: RsaPadding.Pss));
        Assert.True(key.VerifyData(Message, pss, HashAlgorithmName.SHA384, rsaPadding: RsaPadding.Pss));
        Assert.False(key.VerifyData(Message, pss, HashAlgorithmName.SHA256, rsaPadding: RsaPadding.Pss));
    }

    [Fact]
    public void Rsa_public_key_pem_in_pkcs1_form_is_read()
    {
        using var signer = RSA.Create(2048);
        using var key = VerificationKey.FromPem(signer.ExportRSAPublicKeyPem());

        Assert.True(key.VerifyData(Message, signer.SignData(Message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256));
    }

    [Fact]
    public void Ed25519_key_verifies_its_signatures_and_rejects_a_changed_message()
    {
        var algorithm = NSec.Cryptography.SignatureAlgorithm.Ed25519;
        using var signer = NSec.Cryptography.Key.Create(algorithm);
        var spki = signer.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKey);
        using var key = VerificationKey.FromSubjectPublicKeyInfo(spki);
        var signature = algorithm.Sign(signer, Message);
        var changed = (byte[])Message.Clone();
        changed[0] ^= 1;

        Assert.Equal(KeyAlgorithm.Ed25519, key.Algorithm);
        Assert.True(key.VerifyData(Message, signature, HashAlgorithmName.SHA512));
        Assert.False(key.VerifyData(changed, signature, HashAlgorithmName.SHA512));
        Assert.False(key.VerifyHash(SHA256.HashData(Message), signature, HashAlgorithmName.SHA256), "Ed25519 never signs a digest");
    }

    [Fact]
    public void Certificate_pem_yields_its_subject_key()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = new CertificateRequest("CN=signer", signer, HashAlgorithmName.SHA256).CreateSelfSigned(now, now.AddDays(1));
        using var key = VerificationKey.FromPem(certificate.ExportCertificatePem());

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(signer.ExportSubjectPublicKeyInfo())), key.Fingerprint);
        Assert.True(key.VerifyData(Message, signer.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), HashAlgorithmName.SHA256));
    }

    [Theory]
    [InlineData("not a pem at all")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAECAwQ=\n-----END PUBLIC KEY-----")]
    public void Malformed_or_non_public_pem_is_refused_with_a_reason(string pem)
    {
        Assert.False(VerificationKey.TryFromPem(pem, out var key, out var error));
        Assert.Null(key);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Garbage_signature_is_invalid_rather_than_an_exception()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = VerificationKey.FromPem(signer.ExportSubjectPublicKeyInfoPem());

        Assert.False(key.VerifyData(Message, [1, 2, 3], HashAlgorithmName.SHA256));
    }
}
