using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Cosign;
using ArtifactKeeper.Signing.Sigstore;
using ArtifactKeeper.Tests.Signing.Cosign;

namespace ArtifactKeeper.Tests.Signing.Sigstore;

/// <summary>Bundles these tests make with a throwaway CA and log (no ../shared), verified as cosign v3 referrers.</summary>
public sealed class SigstoreBundleVerifierTests
{
    private static readonly byte[] ManifestDigest = SHA256.HashData("an image manifest"u8);
    private static readonly string Subject = "sha256:" + Convert.ToHexStringLower(ManifestDigest);
    private static readonly KeylessIdentity Dev = new("https://oidc.test", "dev@example.test", null);

    private static SignatureArtifact Referrer(string bundleJson)
    {
        var bundle = Encoding.UTF8.GetBytes(bundleJson);
        var manifest = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["artifactType"] = CosignFormat.BundleArtifactType,
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = CosignFormat.BundleArtifactType, ["digest"] = SigManifestBuilder.Digest(bundle), ["size"] = bundle.Length }),
        }.ToJsonString());
        return new SignatureArtifact(SignatureKind.Cosign, SigManifestBuilder.Digest(manifest), CosignFormat.BundleArtifactType, manifest,
            new Dictionary<string, ReadOnlyMemory<byte>> { [SigManifestBuilder.Digest(bundle)] = bundle });
    }

    private static SignatureVerdict Verify(TestSigstore sigstore, string bundle, string subject, KeylessIdentity identity) =>
        Assert.Single(new CosignSignatureVerifier().Verify(Referrer(bundle), new SignedSubject("library/app", subject),
            new ContentTrustPolicy(new CosignTrust(true, [], [identity], sigstore.TrustedRootJson()), NotationTrust.None, 1), DateTimeOffset.UtcNow));

    private static string Bundle(TestSigstore sigstore, DateTimeOffset integrated, bool tamperCheckpoint = false, byte[]? proofRoot = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = sigstore.Leaf(key, "dev@example.test", "https://oidc.test", TestSigstore.Start, TestSigstore.Start.AddMinutes(10));
        return sigstore.MessageBundle(key, leaf, ManifestDigest, integrated, tamperCheckpoint, proofRoot);
    }

    [Fact]
    public void Bundle_referrer_signing_the_manifest_digest_verifies_with_set_proof_and_checkpoint()
    {
        using var sigstore = new TestSigstore();

        var verdict = Verify(sigstore, Bundle(sigstore, TestSigstore.Start.AddMinutes(1)), Subject, Dev);

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("dev@example.test", verdict.Signer);
        Assert.Equal("https://oidc.test", verdict.Issuer);
    }

    [Fact]
    public void Bundle_referrer_is_refused_for_another_image()
    {
        using var sigstore = new TestSigstore();
        var other = "sha256:" + new string('e', 64);

        var verdict = Verify(sigstore, Bundle(sigstore, TestSigstore.Start.AddMinutes(1)), other, Dev);

        Assert.False(verdict.Verified);
        Assert.Equal($"payload digest {Subject} is not the artifact digest {other}", verdict.Reason);
    }

    [Fact]
    public void Bundle_referrer_is_refused_for_an_untrusted_identity()
    {
        using var sigstore = new TestSigstore();

        var verdict = Verify(sigstore, Bundle(sigstore, TestSigstore.Start.AddMinutes(1)), Subject, new KeylessIdentity(null, "ops@example.test", null));

        Assert.False(verdict.Verified);
        Assert.Equal("certificate identity dev@example.test (issuer https://oidc.test) does not match any trusted identity", verdict.Reason);
    }

    [Fact]
    public void Bundle_logged_after_its_certificate_expired_is_refused()
    {
        using var sigstore = new TestSigstore();

        var verdict = Verify(sigstore, Bundle(sigstore, TestSigstore.Start.AddHours(1)), Subject, Dev);

        Assert.False(verdict.Verified);
        Assert.StartsWith("the signing certificate is not valid at the signing time", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_with_a_forged_checkpoint_signature_is_refused()
    {
        using var sigstore = new TestSigstore();

        var verdict = Verify(sigstore, Bundle(sigstore, TestSigstore.Start.AddMinutes(1), tamperCheckpoint: true), Subject, Dev);

        Assert.False(verdict.Verified);
        Assert.Equal("transparency log entry: no checkpoint signature verifies with the log's key", verdict.Reason);
    }

    [Fact]
    public void Bundle_whose_proof_names_another_root_is_refused()
    {
        using var sigstore = new TestSigstore();

        var verdict = Verify(sigstore, Bundle(sigstore, TestSigstore.Start.AddMinutes(1), proofRoot: new byte[32]), Subject, Dev);

        Assert.False(verdict.Verified);
        Assert.Equal("transparency log entry: the checkpoint does not match the inclusion proof's tree", verdict.Reason);
    }

    [Fact]
    public void Bundle_referrer_without_a_trusted_root_is_refused_with_the_reason()
    {
        using var sigstore = new TestSigstore();
        var policy = new ContentTrustPolicy(new CosignTrust(true, [], [Dev], null), NotationTrust.None, 1);

        var verdict = Assert.Single(new CosignSignatureVerifier().Verify(Referrer(Bundle(sigstore, TestSigstore.Start.AddMinutes(1))), new SignedSubject("library/app", Subject), policy, DateTimeOffset.UtcNow));

        Assert.False(verdict.Verified);
        Assert.Equal("a Sigstore bundle needs a trusted root, and no trusted root is configured", verdict.Reason);
    }

    [Fact]
    public void Malformed_bundle_is_refused_with_a_parse_reason()
    {
        using var sigstore = new TestSigstore();

        var verdict = Verify(sigstore, "{\"mediaType\":", Subject, Dev);

        Assert.False(verdict.Verified);
        Assert.StartsWith("the bundle is malformed", verdict.Reason, StringComparison.Ordinal);
    }
}
