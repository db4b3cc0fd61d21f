using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing.Crypto;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Signing.Crypto;

/// <summary>
/// The MANIFEST's real certificate chain (notation-core-go's DigiCert time-stamping leaf, intermediate and root):
/// valid at 2024-06-01 as listed, and refused without its intermediate, before the leaf existed, or for code signing.
/// </summary>
public sealed class CertificateChainFixtureTests : IDisposable
{
    private const string Folder = "signing/notation/notation-core-go/x509/";

    private static readonly DateTimeOffset Checked = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly X509Certificate2 _root = X509CertificateLoader.LoadCertificate(SharedFixtures.Bytes(Folder + "timestamp_root.crt"));
    private readonly X509Certificate2 _intermediate = X509CertificateLoader.LoadCertificate(SharedFixtures.Bytes(Folder + "timestamp_intermediate.crt"));
    private readonly X509Certificate2 _leaf = X509CertificateLoader.LoadCertificate(SharedFixtures.Bytes(Folder + "timestamp_leaf.crt"));

    public void Dispose()
    {
        _root.Dispose();
        _intermediate.Dispose();
        _leaf.Dispose();
    }

    [Fact]
    public void Timestamping_chain_verifies_at_the_listed_time_leaf_to_root()
    {
        var result = CertificateChainVerifier.Verify(_leaf, [_intermediate], [_root], Checked, CertificateChainVerifier.TimeStampingUsage);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal([_leaf.Thumbprint, _intermediate.Thumbprint, _root.Thumbprint], result.Chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Timestamping_chain_is_refused_without_its_intermediate_before_the_leaf_and_for_code_signing()
    {
        var withoutIntermediate = CertificateChainVerifier.Verify(_leaf, [], [_root], Checked, CertificateChainVerifier.TimeStampingUsage);
        var beforeLeaf = CertificateChainVerifier.Verify(_leaf, [_intermediate], [_root], new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var codeSigning = CertificateChainVerifier.Verify(_leaf, [_intermediate], [_root], Checked, CertificateChainVerifier.CodeSigningUsage);

        Assert.False(withoutIntermediate.IsValid);
        Assert.False(beforeLeaf.IsValid);
        Assert.Contains("not valid at the signing time", beforeLeaf.Error, StringComparison.Ordinal);
        Assert.False(codeSigning.IsValid);
    }

    [Fact]
    public void Ordered_timestamping_chain_links_by_signature_to_the_trusted_root_and_not_to_another()
    {
        using var other = X509CertificateLoader.LoadCertificate(
            SharedFixtures.Bytes("signing/notation/notation-go/truststore/x509/tsa/test-timestamp/globalsignRoot.cer"));

        var trusted = OrderedChainVerifier.Verify([_leaf, _intermediate], [_root]);
        var untrusted = OrderedChainVerifier.Verify([_leaf, _intermediate], [other]);

        Assert.True(trusted.IsValid, trusted.Error);
        Assert.False(untrusted.IsValid);
    }
}
