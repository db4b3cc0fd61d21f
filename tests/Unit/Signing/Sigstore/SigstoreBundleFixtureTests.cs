using System.Text.Json.Nodes;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Crypto;
using ArtifactKeeper.Signing.Sigstore;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Signing.Sigstore;

/// <summary>
/// The Sigstore bundles of ../shared/fixtures/signing (MANIFEST.md: sigstore-go, sigstore-python, generated
/// sigstore-js-mock), each with its stated trust material and verdict.
/// </summary>
public sealed class SigstoreBundleFixtureTests
{
    private const string Go = "signing/sigstore-bundle/sigstore-go/";
    private const string Python = "signing/sigstore-bundle/sigstore-python/";
    private const string Mock = "signing/generated/sigstore-js-mock/";
    private const string GitHubOauth = "https://github.com/login/oauth";
    private const string Beacon = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private static readonly KeylessIdentity AnyIdentity = new(null, null, ".*");

    private static TrustedRoot Root(string relative) => ParseRoot(SharedFixtures.Text(relative));

    private static TrustedRoot ParseRoot(string json)
    {
        Assert.True(TrustedRoot.TryParse(json, out var root, out var error), error);
        return root!;
    }

    /// <summary>The staging root with its timestamp authorities replaced by sigstore-python's local test TSA (MANIFEST.md §A).</summary>
    private static TrustedRoot StagingWithTestTsa()
    {
        var root = JsonNode.Parse(SharedFixtures.Text(Python + "trusted_root.staging.json"))!.AsObject();
        root["timestampAuthorities"] = new JsonArray(JsonNode.Parse(SharedFixtures.Text(Python + "tsa/ca.json")));
        return ParseRoot(root.ToJsonString());
    }

    private static SignatureCheck Verify(string bundle, string? artifact, TrustedRoot root, KeylessIdentity identity, int timestamps = 0) =>
        SigstoreBundleVerifier.Verify(SharedFixtures.Text(bundle), artifact is null ? null : SigstoreArtifact.FromBytes(SharedFixtures.Bytes(artifact)), root,
            new SigstoreVerificationPolicy([identity], [], TimestampThreshold: timestamps));

    [Fact]
    public void Sigstore_js_provenance_v01_bundle_verifies()
    {
        var result = Verify(Go + "bundles/sigstore.js@2.0.0-provenance.sigstore.json", null, Root(Go + "trusted-roots/public-good.json"),
            new("https://token.actions.githubusercontent.com", "https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main", null));

        Assert.True(result.Verified, result.Reason);
    }

    [Fact]
    public void Old_sigstore_js_dsse_bundle_with_a_root_in_its_chain_is_refused_unless_tolerated()
    {
        var root = Root(Go + "trusted-roots/public-good.json");
        var identity = new KeylessIdentity(GitHubOauth, "brian@dehamer.com", null);
        var json = SharedFixtures.Text(Go + "bundles/dsse.sigstore.json");

        var strict = SigstoreBundleVerifier.Verify(json, null, root, new SigstoreVerificationPolicy([identity], []));
        var tolerant = SigstoreBundleVerifier.Verify(json, null, root, new SigstoreVerificationPolicy([identity], [], TolerateRootInChain: true));

        Assert.False(strict.Verified);
        Assert.Contains("root certificate", strict.Reason, StringComparison.Ordinal);
        Assert.True(tolerant.Verified, tolerant.Reason);
        Assert.Equal("brian@dehamer.com", tolerant.Signer);
    }

    [Fact]
    public void Dsse_bundle_with_two_signatures_is_refused()
    {
        // Another old sigstore-js bundle with the root in its chain: tolerate that, so the envelope itself is judged.
        var result = SigstoreBundleVerifier.Verify(SharedFixtures.Text(Go + "bundles/dsse-2sigs.sigstore.json"), null, Root(Go + "trusted-roots/public-good.json"),
            new SigstoreVerificationPolicy([AnyIdentity], [], TolerateRootInChain: true));

        Assert.False(result.Verified);
        Assert.Equal("the DSSE envelope carries 2 signatures; exactly one is required", result.Reason);
    }

    [Fact]
    public void OtherName_san_is_the_identity()
    {
        var root = Root(Go + "trusted-roots/scaffolding.json");
        var json = SharedFixtures.Text(Go + "bundles/othername.sigstore.json");
        var digest = SigstoreArtifact.FromDigest("sha256:bc103b4a84971ef6459b294a2b98568a2bfb72cded09d4acd1e16366a401f95b")!;

        var valid = SigstoreBundleVerifier.Verify(json, digest, root, new([new KeylessIdentity("http://oidc.local:8080", "foo!oidc.local", null)], []));
        var other = SigstoreBundleVerifier.Verify(json, digest, root, new([new KeylessIdentity(null, "foo@oidc.local", null)], []));

        Assert.True(valid.Verified, valid.Reason);
        Assert.Equal("foo!oidc.local", valid.Signer);
        Assert.Equal("http://oidc.local:8080", valid.Issuer);
        Assert.False(other.Verified);
        Assert.Contains("does not match any trusted identity", other.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_bundle_with_only_a_timestamp_verifies_within_the_key_validity_and_not_outside()
    {
        var root = Root(Go + "trusted-roots/public-key-validity.json");
        var json = SharedFixtures.Text(Go + "bundles/public-key-validity.sigstore.json");
        var artifact = SigstoreArtifact.FromBytes("test content"u8.ToArray());
        using var key = VerificationKey.FromPem(SharedFixtures.Text(Go + "public-keys/public-key-validity.pem"));
        var epoch = DateTimeOffset.UnixEpoch;

        var unbounded = SigstoreBundleVerifier.Verify(json, artifact, root, new([], [new TrustedPublicKey(key, TimeRange.Unbounded)], TransparencyLogThreshold: 0, TimestampThreshold: 1));
        var expired = SigstoreBundleVerifier.Verify(json, artifact, root, new([], [new TrustedPublicKey(key, new TimeRange(epoch, epoch.AddSeconds(1)))], TransparencyLogThreshold: 0, TimestampThreshold: 1));
        var needsLog = SigstoreBundleVerifier.Verify(json, artifact, root, new([], [new TrustedPublicKey(key, TimeRange.Unbounded)]));

        Assert.True(unbounded.Verified, unbounded.Reason);
        Assert.Equal("key:" + key.Fingerprint, unbounded.Signer);
        Assert.False(expired.Verified);
        Assert.StartsWith("signature time outside of public key validity window", expired.Reason, StringComparison.Ordinal);
        Assert.False(needsLog.Verified);
        Assert.Equal("the bundle has no transparency log entry", needsLog.Reason);
    }

    [Theory]
    [InlineData("bundle.txt.sigstore", "bundle.txt", "a@tny.town")]
    [InlineData("bundle_v3.txt.sigstore", "bundle_v3.txt", "william@yossarian.net")]
    [InlineData("bundle_v3_alt.txt.sigstore", "bundle_v3_alt.txt", "william@yossarian.net")]
    [InlineData("staging-rekor-v2.txt.sigstore.json", "staging-rekor-v2.txt", "jku@goto.fi")]
    public void Sigstore_python_staging_bundles_verify(string bundle, string artifact, string email)
    {
        var result = Verify(Python + bundle, Python + artifact, Root(Python + "trusted_root.staging.json"), new(GitHubOauth, email, null));

        Assert.True(result.Verified, result.Reason);
        Assert.Equal(email, result.Signer);
    }

    [Fact]
    public void Sigstore_python_dsse_on_rekor_v2_verifies_without_an_artifact()
    {
        var result = Verify(Python + "a.dsse.staging-rekor-v2.txt.sigstore.json", null, Root(Python + "trusted_root.staging.json"),
            new("https://token.actions.githubusercontent.com", Beacon, null));

        Assert.True(result.Verified, result.Reason);
    }

    [Fact]
    public void Sigstore_python_tsa_bundle_verifies_skipping_its_foreign_timestamp()
    {
        var result = Verify(Python + "tsa/bundle.txt.sigstore", Python + "tsa/bundle.txt", StagingWithTestTsa(),
            new("https://accounts.google.com", "alexis.challande@trailofbits.com", null), timestamps: 1);

        Assert.True(result.Verified, result.Reason);
    }

    [Theory]
    [InlineData("tsa/bundle.txt.late_timestamp.sigstore", "1 required")]
    [InlineData("tsa/bundle.duplicate.sigstore", "the same RFC 3161 timestamp twice")]
    [InlineData("tsa/bundle.many_timestamp.sigstore", "at most 32 are accepted")]
    public void Sigstore_python_tsa_negatives_are_refused(string bundle, string reason)
    {
        var result = Verify(Python + bundle, Python + "tsa/bundle.txt", StagingWithTestTsa(), AnyIdentity, timestamps: 1);

        Assert.False(result.Verified);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bundle_cve_2022_36056.txt.sigstore", "bundle_cve_2022_36056.txt", "transparency log entry:")]
    [InlineData("bundle_invalid_version.txt.sigstore", "bundle_invalid_version.txt", "unsupported bundle media type")]
    [InlineData("bundle_no_cert_v1.txt.sigstore", "bundle_no_cert_v1.txt", "empty certificate chain")]
    [InlineData("bundle_no_log_entry.txt.sigstore", "bundle_no_log_entry.txt", "no transparency log entry")]
    [InlineData("bundle_no_checkpoint.txt.sigstore", "bundle_no_checkpoint.txt", "no checkpoint")]
    [InlineData("bundle_v3_no_signed_time.txt.sigstore.json", "bundle_v3_no_signed_time.txt", "")]
    public void Sigstore_python_negatives_are_refused(string bundle, string artifact, string reason)
    {
        var result = Verify(Python + bundle, Python + artifact, Root(Python + "trusted_root.staging.json"), AnyIdentity);

        Assert.False(result.Verified);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    private static readonly KeylessIdentity MockSigner = new("https://oidc.example.test", "https://signer.example.test/ci@refs/heads/main", null);

    [Fact]
    public void Generated_message_bundle_verifies_with_omitted_proto3_defaults_and_its_timestamp()
    {
        var result = Verify(Mock + "message.sigstore.json", Mock + "artifact.bin", Root(Mock + "trusted_root.json"), MockSigner, timestamps: 1);

        Assert.True(result.Verified, result.Reason);
        Assert.Equal(MockSigner.Identity, result.Signer);
        Assert.Equal(MockSigner.Issuer, result.Issuer);
    }

    [Fact]
    public void Generated_dsse_bundle_verifies()
    {
        var result = Verify(Mock + "dsse.sigstore.json", null, Root(Mock + "trusted_root.json"), MockSigner, timestamps: 1);

        Assert.True(result.Verified, result.Reason);
    }

    [Fact]
    public void Generated_message_bundle_is_refused_for_another_issuer_or_a_real_trusted_root()
    {
        var otherIssuer = Verify(Mock + "message.sigstore.json", Mock + "artifact.bin", Root(Mock + "trusted_root.json"), new("https://other.example", MockSigner.Identity, null));
        var production = Verify(Mock + "message.sigstore.json", Mock + "artifact.bin", Root(Python + "trusted_root.production.json"), MockSigner);

        Assert.False(otherIssuer.Verified);
        Assert.Contains("does not match any trusted identity", otherIssuer.Reason, StringComparison.Ordinal);
        Assert.False(production.Verified);
        Assert.Contains("which the trusted root does not trust", production.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_message_bundle_is_refused_for_another_artifact()
    {
        var result = SigstoreBundleVerifier.Verify(SharedFixtures.Text(Mock + "message.sigstore.json"), SigstoreArtifact.FromBytes("other bytes"u8.ToArray()),
            Root(Mock + "trusted_root.json"), new([MockSigner], []));

        Assert.False(result.Verified);
        Assert.Contains("is not the artifact digest", result.Reason, StringComparison.Ordinal);
    }
}
