using System.Text.Json.Nodes;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Cosign;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Signing.Cosign;

/// <summary>
/// cosign v3's bundle (../shared/fixtures/signing/cosign-bundle): a DSSE in-toto attestation on Rekor v1 with SET,
/// inclusion proof, checkpoint and SCT, attached to its image as a referrer.
/// </summary>
public sealed class CosignBundleFixtureTests
{
    private const string Dir = "signing/cosign-bundle/";
    private const string Subject = "sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4";
    private static readonly KeylessIdentity Cody = new("https://github.com/login/oauth", "cody@soyland.com", null);

    /// <summary>The bundle as cosign attaches it: an OCI manifest with the bundle artifact type whose one layer is the bundle.</summary>
    private static SignatureArtifact Referrer()
    {
        var bundle = SharedFixtures.Bytes(Dir + "oci-attestation.sigstore.json");
        var manifest = System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["artifactType"] = CosignFormat.BundleArtifactType,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.empty.v1+json", ["digest"] = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", ["size"] = 2 },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = CosignFormat.BundleArtifactType, ["digest"] = SigManifestBuilder.Digest(bundle), ["size"] = bundle.Length }),
            ["subject"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.manifest.v1+json", ["digest"] = Subject, ["size"] = 1 },
        }.ToJsonString());
        return new SignatureArtifact(SignatureKind.Cosign, SigManifestBuilder.Digest(manifest), CosignFormat.BundleArtifactType, manifest,
            new Dictionary<string, ReadOnlyMemory<byte>> { [SigManifestBuilder.Digest(bundle)] = bundle });
    }

    private static SignatureVerdict Verify(string subject, KeylessIdentity identity, string rootFile = Dir + "trusted_root_pgi.json") =>
        Assert.Single(new CosignSignatureVerifier().Verify(Referrer(), new SignedSubject("repo", subject),
            new ContentTrustPolicy(new CosignTrust(true, [], [identity], SharedFixtures.Text(rootFile)), NotationTrust.None, 1), DateTimeOffset.UtcNow));

    [Theory]
    [InlineData(Dir + "trusted_root_pgi.json")]
    [InlineData("signing/sigstore-bundle/sigstore-python/trusted_root.production.json")]
    public void Attestation_bundle_verifies_for_its_subject_and_identity(string root)
    {
        var verdict = Verify(Subject, Cody, root);

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("cody@soyland.com", verdict.Signer);
        Assert.Equal("https://github.com/login/oauth", verdict.Issuer);
    }

    [Fact]
    public void Attestation_bundle_is_refused_for_another_identity()
    {
        var verdict = Verify(Subject, new KeylessIdentity(null, "someone@example.com", null));

        Assert.False(verdict.Verified);
        Assert.Equal("certificate identity cody@soyland.com (issuer https://github.com/login/oauth) does not match any trusted identity", verdict.Reason);
    }

    [Fact]
    public void Attestation_bundle_is_refused_for_another_image()
    {
        var other = "sha256:" + new string('c', 64);

        var verdict = Verify(other, Cody);

        Assert.False(verdict.Verified);
        Assert.Equal($"the in-toto statement's subjects ({Subject}) do not include the artifact digest {other}", verdict.Reason);
    }
}
