using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Crypto;
using ArtifactKeeper.Signing.Sigstore;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Signing.Sigstore;

/// <summary>
/// The 70 bundle-verify cases of sigstore-conformance (../shared/fixtures/signing/sigstore-bundle/conformance),
/// with MANIFEST.md §A's defaults: a case ending in <c>_fail</c> must be rejected; absent files fall back to
/// <c>../a.txt</c>, the production trusted root, and the beacon identity and issuer; <c>key.pub</c> makes it key-based.
/// </summary>
public sealed class SigstoreConformanceTests
{
    private const string Root = "signing/sigstore-bundle/conformance/bundle-verify/";
    private const string DefaultIdentity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    private const string DefaultIssuer = "https://token.actions.githubusercontent.com";

    public static readonly TheoryData<string> Cases = new(
        "bundle-empty-certificate-chain_fail", "bundle-from-wrong-instance_fail", "bundle-invalid-base64-signature_fail",
        "bundle-malformed-json_fail", "bundle-negative-log-index_fail", "bundle-unknown-version_fail", "bundle-with-root-cert_fail",
        "bundle-with-sct-with-extensions", "checkpoint-bad-keyhint_fail", "checkpoint-wrong-roothash_fail", "dsse-invalid-sig_fail",
        "dsse-mismatch-envelope_fail", "dsse-mismatch-sig_fail", "happy-path-intoto-in-dsse-v3", "happy-path-v0.1", "happy-path-v0.2",
        "happy-path-v0.3", "happy-path-v0.3-new-mediaType", "inclusion-proof-corrupted-hash_fail", "incorrect-public-key_fail",
        "integrated-time-in-future_fail", "intoto-expired-certificate_fail", "intoto-log-entry-mismatch_fail",
        "intoto-missing-inclusion-proof_fail", "intoto-set-outside-signing-cert-validity_fail",
        "intoto-tsa-timestamp-outside-cert-validity_fail", "intoto-with-custom-trust-root", "invalid-checkpoint-signature_fail",
        "invalid-ct-key_fail", "invalid-inclusion-proof_fail", "managed-key-and-trusted-root", "managed-key-happy-path",
        "managed-key-no-key_fail", "managed-key-wrong-key_fail", "message-digest-mismatch_fail", "rekor2-checkpoint-cosigned",
        "rekor2-checkpoint-missing-log-signature_fail", "rekor2-checkpoint-missing-origin_fail", "rekor2-checkpoint-missing-root-hash_fail",
        "rekor2-checkpoint-missing-size_fail", "rekor2-checkpoint-multiple-cosigs", "rekor2-checkpoint-no-matching-signature_fail",
        "rekor2-checkpoint-origin-not-first", "rekor2-checkpoint-two-sigs-cosigned", "rekor2-checkpoint-two-sigs-from-origin",
        "rekor2-dsse-happy-path", "rekor2-dsse-invalid-sig_fail", "rekor2-dsse-mismatch-envelope_fail", "rekor2-dsse-mismatch-sig_fail",
        "rekor2-happy-path", "rekor2-no-inclusion-proof_fail", "rekor2-no-timestamp_fail",
        "rekor2-timestamp-outside-trust-root-tsa-validity_fail", "rekor2-timestamp-outside-tsa-cert-validity_fail",
        "rekor2-timestamp-payload-mismatch_fail", "rekor2-timestamp-untrusted-tsa-with-embedded-cert_fail",
        "rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail", "rekor2-timestamp-with-embedded-cert",
        "rekor2-timestamp-with-expired-cert-chain", "rekor2-timestamp-with-incorrect-time_fail", "rekor2-timestamp-without-embedded-cert",
        "set-invalid-signature_fail", "signature-mismatch_fail", "trust-root-tlog-missing-validity-start_fail",
        "trust-root-tlog-validity-end-inclusive", "trust-root-tsa-validity-end-inclusive", "wrong-hashedrekord-artifact_fail",
        "wrong-hashedrekord-cert-and-sig_fail", "wrong-hashedrekord-entry_fail", "wrong-material_fail");

    [Fact]
    public void The_case_list_is_every_case_of_the_suite()
    {
        var present = Directory.GetDirectories(SharedFixtures.Path(Root)).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(70, Cases.Count);
        Assert.Equal(Cases.Select(c => c.Data).Order(StringComparer.Ordinal), present);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_verdict_is_reproduced(string name)
    {
        var result = Run(name);

        if (name.EndsWith("_fail", StringComparison.Ordinal))
            Assert.False(result.Verified, $"{name} must be rejected");
        else
            Assert.True(result.Verified, $"{name}: {result.Reason}");
    }

    [Theory]
    [InlineData("bundle-with-root-cert_fail", "root certificate")]
    [InlineData("message-digest-mismatch_fail", "is not the artifact digest")]
    [InlineData("checkpoint-wrong-roothash_fail", "checkpoint")]
    [InlineData("invalid-ct-key_fail", "SCT")]
    [InlineData("rekor2-no-timestamp_fail", "no trusted signing time")]
    [InlineData("managed-key-no-key_fail", "no public key is configured")]
    [InlineData("bundle-from-wrong-instance_fail", "which the trusted root does not trust")]
    [InlineData("wrong-material_fail", "is not the artifact digest")]
    public void Rejections_say_what_is_wrong(string name, string reason)
    {
        var result = Run(name);

        Assert.False(result.Verified);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    private static SignatureCheck Run(string name)
    {
        var dir = SharedFixtures.Path(Root + name);
        string? Optional(string file) => File.Exists(Path.Combine(dir, file)) ? File.ReadAllText(Path.Combine(dir, file)).Trim() : null;
        var artifactPath = File.Exists(Path.Combine(dir, "artifact")) ? Path.Combine(dir, "artifact") : SharedFixtures.Path(Root + "a.txt");
        var rootJson = Optional("trusted_root.json") ?? SharedFixtures.Text("signing/sigstore-bundle/sigstore-python/trusted_root.production.json");
        Assert.True(TrustedRoot.TryParse(rootJson, out var root, out var error), error);
        // managed-key-wrong-key_fail's key.pub is not a readable key: like a project's unreadable PEM, it trusts nothing.
        var keys = Optional("key.pub") is { } pem && VerificationKey.TryFromPem(pem, out var key, out _)
            ? new[] { new TrustedPublicKey(key!, TimeRange.Unbounded) }
            : [];
        var identity = new KeylessIdentity(Optional("issuer") ?? DefaultIssuer, Optional("identity") ?? DefaultIdentity, null);
        var policy = new SigstoreVerificationPolicy([identity], keys);
        return SigstoreBundleVerifier.Verify(File.ReadAllText(Path.Combine(dir, "bundle.sigstore.json")), SigstoreArtifact.FromBytes(File.ReadAllBytes(artifactPath)), root!, policy);
    }
}
