using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Tests.Signing.Crypto;

public sealed class OrderedChainVerifierTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Leaf_and_root_with_the_same_subject_are_linked_by_signature()
    {
        using var root = TestCertificates.Root("Same Name", Start, Start.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = TestCertificates.Leaf(root, "Same Name", Start, Start.AddDays(1), key, null);

        var result = OrderedChainVerifier.Verify([leaf, root], [root]);

        Assert.True(result.IsValid, result.Error);
        Assert.True(CertificateSignature.IsSignedBy(leaf, root));
        Assert.False(CertificateSignature.IsSelfSigned(leaf));
        Assert.True(CertificateSignature.IsSelfSigned(root));
    }

    [Fact]
    public void Chain_without_its_root_is_completed_from_the_trusted_certificates()
    {
        using var root = TestCertificates.Root("root", Start, Start.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = TestCertificates.Leaf(root, "leaf", Start, Start.AddDays(1), key, null);

        var result = OrderedChainVerifier.Verify([leaf], [root]);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal([leaf.Thumbprint, root.Thumbprint], result.Chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Root_of_the_same_name_but_another_key_is_not_trusted()
    {
        using var root = TestCertificates.Root("root", Start, Start.AddYears(1));
        using var impostor = TestCertificates.Root("root", Start, Start.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = TestCertificates.Leaf(root, "leaf", Start, Start.AddDays(1), key, null);

        var carriedImpostor = OrderedChainVerifier.Verify([leaf, impostor], [impostor]);
        var untrusted = OrderedChainVerifier.Verify([leaf, root], [impostor]);

        Assert.False(carriedImpostor.IsValid);
        Assert.Contains("is not signed by the next one", carriedImpostor.Error, StringComparison.Ordinal);
        Assert.False(untrusted.IsValid);
        Assert.Contains("does not contain a trusted certificate", untrusted.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaf_used_as_an_issuer_is_refused_because_it_is_not_a_ca()
    {
        using var root = TestCertificates.Root("root", Start, Start.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var middle = TestCertificates.Leaf(root, "middle", Start, Start.AddDays(1), key, null);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=leaf", leafKey, HashAlgorithmName.SHA256);
        using var leaf = request.Create(middle.SubjectName, X509SignatureGenerator.CreateForECDsa(key), Start, Start.AddDays(1), [1, 2, 3]);

        var result = OrderedChainVerifier.Verify([leaf, middle, root], [root]);

        Assert.False(result.IsValid);
        Assert.Contains("is not a CA", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rsa_pss_signed_certificate_is_verified()
    {
        using var rootKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=pss root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = request.CreateSelfSigned(Start, Start.AddYears(1));

        Assert.True(CertificateSignature.IsSelfSigned(root));
        Assert.True(OrderedChainVerifier.Verify([root], [root]).IsValid);
    }
}
