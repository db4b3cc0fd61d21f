using System.Security.Cryptography;
using ArtifactKeeper.Signing.Crypto;

namespace ArtifactKeeper.Tests.Signing.Crypto;

public sealed class CertificateChainVerifierTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Leaf_chains_to_its_root_at_a_time_inside_every_validity_window()
    {
        using var root = TestCertificates.Root("root", Start, Start.AddYears(5));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = TestCertificates.Leaf(root, "leaf", Start.AddDays(1), Start.AddDays(1).AddMinutes(10), key, CertificateChainVerifier.CodeSigningUsage);

        var result = CertificateChainVerifier.Verify(leaf, [], [root], Start.AddDays(1).AddMinutes(5), CertificateChainVerifier.CodeSigningUsage);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal([leaf.Thumbprint, root.Thumbprint], result.Chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Leaf_checked_after_it_expired_is_refused_as_not_time_valid()
    {
        using var root = TestCertificates.Root("root", Start, Start.AddYears(5));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = TestCertificates.Leaf(root, "leaf", Start, Start.AddMinutes(10), key, null);

        var result = CertificateChainVerifier.Verify(leaf, [], [root], Start.AddHours(1));

        Assert.False(result.IsValid);
        Assert.Contains("not valid at the signing time", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaf_of_another_root_is_refused_as_untrusted()
    {
        using var root = TestCertificates.Root("root", Start, Start.AddYears(5));
        using var other = TestCertificates.Root("other", Start, Start.AddYears(5));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = TestCertificates.Leaf(other, "leaf", Start, Start.AddDays(1), key, null);

        var result = CertificateChainVerifier.Verify(leaf, [], [root], Start.AddHours(1));

        Assert.False(result.IsValid);
        Assert.Contains("trusted root", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaf_without_the_required_usage_is_refused()
    {
        using var root = TestCertificates.Root("root", Start, Start.AddYears(5));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = TestCertificates.Leaf(root, "leaf", Start, Start.AddDays(1), key, "1.3.6.1.5.5.7.3.1");

        var result = CertificateChainVerifier.Verify(leaf, [], [root], Start.AddHours(1), CertificateChainVerifier.CodeSigningUsage);

        Assert.False(result.IsValid);
        Assert.Contains("usage", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_configured_root_is_a_clear_refusal()
    {
        using var root = TestCertificates.Root("root", Start, Start.AddYears(5));

        var result = CertificateChainVerifier.Verify(root, [], [], Start.AddHours(1));

        Assert.False(result.IsValid);
        Assert.Equal("no trusted root certificates are configured", result.Error);
    }
}
