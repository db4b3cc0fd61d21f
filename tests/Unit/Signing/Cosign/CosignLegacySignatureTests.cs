using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Cosign;
using ArtifactKeeper.Tests.Signing.Sigstore;

namespace ArtifactKeeper.Tests.Signing.Cosign;

/// <summary>Legacy <c>.sig</c> signatures these tests make themselves with the platform's crypto (no ../shared).</summary>
public sealed class CosignLegacySignatureTests
{
    private static readonly CosignSignatureVerifier Verifier = new();
    private static readonly string Subject = "sha256:" + new string('a', 64);
    private static readonly DateTimeOffset Now = TestSigstore.Start.AddDays(30);

    private static byte[] Sign(ECDsa key, byte[] payload) => key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    private static ContentTrustPolicy KeyPolicy(params ECDsa[] keys) =>
        new(new CosignTrust(true, [.. keys.Select(k => k.ExportSubjectPublicKeyInfoPem())], [], null), NotationTrust.None, 1);

    private static ContentTrustPolicy KeylessPolicy(TestSigstore sigstore, params KeylessIdentity[] identities) =>
        new(new CosignTrust(true, [], identities, sigstore.TrustedRootJson()), NotationTrust.None, 1);

    private static SignatureVerdict Single(SignatureArtifact artifact, ContentTrustPolicy policy, string subject) =>
        Assert.Single(Verifier.Verify(artifact, new SignedSubject("library/app", subject), policy, Now));

    private static SignatureArtifact KeySigned(ECDsa key, byte[] payload) =>
        new SigManifestBuilder().Layer(payload, new Dictionary<string, string> { [CosignFormat.SignatureAnnotation] = Convert.ToBase64String(Sign(key, payload)) }).Build();

    [Fact]
    public void Key_signed_payload_naming_the_subject_verifies_with_its_public_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var artifact = KeySigned(key, SigManifestBuilder.Payload(Subject));

        var verdict = Single(artifact, KeyPolicy(key), Subject);

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal(SignatureKind.Cosign, verdict.Kind);
        Assert.Equal(artifact.Digest, verdict.Digest);
        Assert.Equal("key:" + Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())), verdict.Signer);
        Assert.Null(verdict.Issuer);
    }

    [Fact]
    public void Key_signed_payload_is_refused_when_only_another_key_is_trusted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var verdict = Single(KeySigned(key, SigManifestBuilder.Payload(Subject)), KeyPolicy(other), Subject);

        Assert.False(verdict.Verified);
        Assert.Equal("no configured key verifies the signature", verdict.Reason);
    }

    [Fact]
    public void Any_of_several_configured_keys_may_verify()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var verdict = Single(KeySigned(key, SigManifestBuilder.Payload(Subject)), KeyPolicy(other, key), Subject);

        Assert.True(verdict.Verified, verdict.Reason);
    }

    [Fact]
    public void Payload_claiming_another_digest_is_refused_even_though_its_signature_holds()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var claimed = "sha256:" + new string('b', 64);

        var verdict = Single(KeySigned(key, SigManifestBuilder.Payload(claimed)), KeyPolicy(key), Subject);

        Assert.False(verdict.Verified);
        Assert.Equal($"payload digest {claimed} is not the artifact digest {Subject}", verdict.Reason);
    }

    [Fact]
    public void Tampered_payload_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = SigManifestBuilder.Payload(Subject);
        var signature = Sign(key, payload);
        var tampered = SigManifestBuilder.Payload(Subject, "registry.test/evil");
        var artifact = new SigManifestBuilder().Layer(tampered, new Dictionary<string, string> { [CosignFormat.SignatureAnnotation] = Convert.ToBase64String(signature) }).Build();

        var verdict = Single(artifact, KeyPolicy(key), Subject);

        Assert.False(verdict.Verified);
        Assert.Equal("no configured key verifies the signature", verdict.Reason);
    }

    [Fact]
    public void Each_simple_signing_layer_is_one_verdict_and_other_layers_are_ignored()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = SigManifestBuilder.Payload(Subject);
        var artifact = new SigManifestBuilder()
            .Layer(payload, new Dictionary<string, string> { [CosignFormat.SignatureAnnotation] = Convert.ToBase64String(Sign(key, payload)) })
            .Layer(SigManifestBuilder.Payload(Subject, "registry.test/second"), new Dictionary<string, string> { [CosignFormat.SignatureAnnotation] = Convert.ToBase64String(Sign(other, SigManifestBuilder.Payload(Subject, "registry.test/second"))) })
            .Layer("not a signature"u8.ToArray(), new Dictionary<string, string> { [CosignFormat.SignatureAnnotation] = "AAAA" }, "text/plain")
            .Build();

        var verdicts = Verifier.Verify(artifact, new SignedSubject("library/app", Subject), KeyPolicy(key), Now);

        Assert.Equal([true, false], verdicts.Select(v => v.Verified));
    }

    [Fact]
    public void Missing_payload_blob_and_missing_signature_annotation_are_refused_with_the_reason()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = SigManifestBuilder.Payload(Subject);
        var artifact = new SigManifestBuilder()
            .Layer(payload, new Dictionary<string, string> { [CosignFormat.SignatureAnnotation] = Convert.ToBase64String(Sign(key, payload)) }, withBlob: false)
            .Layer(SigManifestBuilder.Payload(Subject, "registry.test/x"), new Dictionary<string, string>())
            .Build();

        var verdicts = Verifier.Verify(artifact, new SignedSubject("library/app", Subject), KeyPolicy(key), Now);

        Assert.Collection(verdicts,
            v => Assert.StartsWith("the signed payload (layer sha256:", v.Reason, StringComparison.Ordinal),
            v => Assert.Equal("the layer has no dev.cosignproject.cosign/signature annotation", v.Reason));
    }

    [Fact]
    public void Disabled_cosign_trust_verifies_nothing()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var policy = new ContentTrustPolicy(new CosignTrust(false, [key.ExportSubjectPublicKeyInfoPem()], [], null), NotationTrust.None, 1);

        var verdict = Single(KeySigned(key, SigManifestBuilder.Payload(Subject)), policy, Subject);

        Assert.False(verdict.Verified);
        Assert.Equal("cosign verification is not enabled for this project", verdict.Reason);
    }

    private static SignatureArtifact KeylessSigned(TestSigstore sigstore, string identity, DateTimeOffset signedAt, bool tamperSet = false, DateTimeOffset? integrated = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = sigstore.Leaf(key, identity, "https://oidc.test", signedAt, signedAt.AddMinutes(10));
        var payload = SigManifestBuilder.Payload(Subject);
        var signature = Sign(key, payload);
        var certificatePem = leaf.ExportCertificatePem();
        return new SigManifestBuilder().Layer(payload, new Dictionary<string, string>
        {
            [CosignFormat.SignatureAnnotation] = Convert.ToBase64String(signature),
            [CosignFormat.CertificateAnnotation] = certificatePem,
            [CosignFormat.ChainAnnotation] = sigstore.Ca.ExportCertificatePem(),
            [CosignFormat.RekorBundleAnnotation] = sigstore.RekorBundle(payload, signature, certificatePem, integrated ?? signedAt.AddMinutes(1), tamperSet),
        }).Build();
    }

    [Fact]
    public void Keyless_signature_verifies_at_its_integrated_time_for_a_trusted_identity_and_issuer()
    {
        using var sigstore = new TestSigstore();
        var artifact = KeylessSigned(sigstore, "dev@example.test", TestSigstore.Start);

        var verdict = Single(artifact, KeylessPolicy(sigstore, new KeylessIdentity("https://oidc.test", "dev@example.test", null)), Subject);

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("dev@example.test", verdict.Signer);
        Assert.Equal("https://oidc.test", verdict.Issuer);
    }

    [Fact]
    public void Keyless_uri_identity_matches_an_anchored_regular_expression()
    {
        using var sigstore = new TestSigstore();
        var identity = "https://ci.example.test/org/repo/.github/workflows/release.yml@refs/heads/main";
        var artifact = KeylessSigned(sigstore, identity, TestSigstore.Start);

        var matching = Single(artifact, KeylessPolicy(sigstore, new KeylessIdentity(null, null, @"https://ci\.example\.test/org/.*")), Subject);
        var partial = Single(artifact, KeylessPolicy(sigstore, new KeylessIdentity(null, null, "org/repo")), Subject);

        Assert.True(matching.Verified, matching.Reason);
        Assert.Equal(identity, matching.Signer);
        Assert.False(partial.Verified);
    }

    [Fact]
    public void Keyless_signature_of_an_untrusted_identity_is_refused_naming_it()
    {
        using var sigstore = new TestSigstore();
        var artifact = KeylessSigned(sigstore, "mallory@example.test", TestSigstore.Start);

        var verdict = Single(artifact, KeylessPolicy(sigstore, new KeylessIdentity("https://oidc.test", "dev@example.test", null)), Subject);

        Assert.False(verdict.Verified);
        Assert.Equal("certificate identity mallory@example.test (issuer https://oidc.test) does not match any trusted identity", verdict.Reason);
    }

    [Fact]
    public void Keyless_signature_from_another_issuer_is_refused()
    {
        using var sigstore = new TestSigstore();
        var artifact = KeylessSigned(sigstore, "dev@example.test", TestSigstore.Start);

        var verdict = Single(artifact, KeylessPolicy(sigstore, new KeylessIdentity("https://other-oidc.test", "dev@example.test", null)), Subject);

        Assert.False(verdict.Verified);
        Assert.Contains("does not match any trusted identity", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyless_certificate_expired_at_the_integrated_time_is_refused()
    {
        using var sigstore = new TestSigstore();
        var artifact = KeylessSigned(sigstore, "dev@example.test", TestSigstore.Start, integrated: TestSigstore.Start.AddMinutes(30));

        var verdict = Single(artifact, KeylessPolicy(sigstore, new KeylessIdentity(null, "dev@example.test", null)), Subject);

        Assert.False(verdict.Verified);
        Assert.StartsWith("the signing certificate is not valid at the signing time", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyless_signature_with_a_tampered_set_is_refused()
    {
        using var sigstore = new TestSigstore();
        var artifact = KeylessSigned(sigstore, "dev@example.test", TestSigstore.Start, tamperSet: true);

        var verdict = Single(artifact, KeylessPolicy(sigstore, new KeylessIdentity(null, "dev@example.test", null)), Subject);

        Assert.False(verdict.Verified);
        Assert.Equal("Rekor entry: the Rekor signed entry timestamp does not verify with the log's key", verdict.Reason);
    }

    [Fact]
    public void Keyless_signature_is_refused_when_the_log_key_is_another()
    {
        using var sigstore = new TestSigstore();
        using var otherLog = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var artifact = KeylessSigned(sigstore, "dev@example.test", TestSigstore.Start);
        var policy = new ContentTrustPolicy(
            new CosignTrust(true, [], [new KeylessIdentity(null, "dev@example.test", null)], sigstore.TrustedRootJson(otherLog.ExportSubjectPublicKeyInfo())), NotationTrust.None, 1);

        var verdict = Single(artifact, policy, Subject);

        Assert.False(verdict.Verified);
        Assert.Contains("is not a transparency log of the trusted root", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyless_certificate_from_another_ca_is_refused()
    {
        using var sigstore = new TestSigstore();
        using var other = new TestSigstore();
        var artifact = KeylessSigned(other, "dev@example.test", TestSigstore.Start);
        // The log of `other` signed the SET, so trust that log but only sigstore's CA.
        var root = System.Text.Json.Nodes.JsonNode.Parse(sigstore.TrustedRootJson(other.LogKey.ExportSubjectPublicKeyInfo()))!.ToJsonString();
        var policy = new ContentTrustPolicy(new CosignTrust(true, [], [new KeylessIdentity(null, "dev@example.test", null)], root), NotationTrust.None, 1);

        var verdict = Single(artifact, policy, Subject);

        Assert.False(verdict.Verified);
        Assert.StartsWith("certificate chain:", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyless_signature_without_a_trusted_root_is_refused_with_the_reason()
    {
        using var sigstore = new TestSigstore();
        var artifact = KeylessSigned(sigstore, "dev@example.test", TestSigstore.Start);
        var policy = new ContentTrustPolicy(new CosignTrust(true, [], [new KeylessIdentity(null, "dev@example.test", null)], null), NotationTrust.None, 1);

        var verdict = Single(artifact, policy, Subject);

        Assert.False(verdict.Verified);
        Assert.Equal("no cosign public keys are configured, and the certificate cannot be checked: no trusted root is configured", verdict.Reason);
    }

    [Fact]
    public void Keyless_signature_without_a_rekor_entry_is_refused_when_the_root_has_logs()
    {
        using var sigstore = new TestSigstore();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 leaf = sigstore.Leaf(key, "dev@example.test", "https://oidc.test", TestSigstore.Start, TestSigstore.Start.AddMinutes(10));
        var payload = SigManifestBuilder.Payload(Subject);
        var artifact = new SigManifestBuilder().Layer(payload, new Dictionary<string, string>
        {
            [CosignFormat.SignatureAnnotation] = Convert.ToBase64String(Sign(key, payload)),
            [CosignFormat.CertificateAnnotation] = leaf.ExportCertificatePem(),
        }).Build();

        var verdict = Single(artifact, KeylessPolicy(sigstore, new KeylessIdentity(null, "dev@example.test", null)), Subject);

        Assert.False(verdict.Verified);
        Assert.Equal("the keyless signature carries no Rekor entry (dev.sigstore.cosign/bundle) to prove when it was signed", verdict.Reason);
    }

    private static (SignatureArtifact Artifact, string Root) TimestampedKeyless(TestSigstore sigstore, TestTimestampAuthority tsa, DateTimeOffset stampedAt, bool stampOtherBytes = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = sigstore.Leaf(key, "dev@example.test", "https://oidc.test", TestSigstore.Start, TestSigstore.Start.AddMinutes(10));
        var payload = SigManifestBuilder.Payload(Subject);
        var signature = Sign(key, payload);
        var token = tsa.Stamp(stampOtherBytes ? payload : signature, stampedAt);
        var artifact = new SigManifestBuilder().Layer(payload, new Dictionary<string, string>
        {
            [CosignFormat.SignatureAnnotation] = Convert.ToBase64String(signature),
            [CosignFormat.CertificateAnnotation] = leaf.ExportCertificatePem(),
            [CosignFormat.TimestampAnnotation] = $$"""{"SignedRFC3161Timestamp":"{{Convert.ToBase64String(token)}}"}""",
        }).Build();
        var root = TestSigstore.RootJson([[sigstore.Ca.RawData]], [], TestSigstore.Start.AddYears(-1), [[tsa.Leaf.RawData, tsa.Root.RawData]]);
        return (artifact, root);
    }

    [Fact]
    public void Keyless_signature_with_an_rfc3161_timestamp_verifies_at_the_stamped_time()
    {
        using var sigstore = new TestSigstore();
        using var tsa = new TestTimestampAuthority();
        var (artifact, root) = TimestampedKeyless(sigstore, tsa, TestSigstore.Start.AddMinutes(2));

        var verdict = Single(artifact, new ContentTrustPolicy(new CosignTrust(true, [], [new KeylessIdentity(null, "dev@example.test", null)], root), NotationTrust.None, 1), Subject);

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("dev@example.test", verdict.Signer);
    }

    [Fact]
    public void Keyless_signature_stamped_after_its_certificate_expired_is_refused()
    {
        using var sigstore = new TestSigstore();
        using var tsa = new TestTimestampAuthority();
        var (artifact, root) = TimestampedKeyless(sigstore, tsa, TestSigstore.Start.AddHours(2));

        var verdict = Single(artifact, new ContentTrustPolicy(new CosignTrust(true, [], [new KeylessIdentity(null, "dev@example.test", null)], root), NotationTrust.None, 1), Subject);

        Assert.False(verdict.Verified);
        Assert.StartsWith("the signing certificate is not valid at the signing time", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rfc3161_timestamp_over_other_bytes_is_refused()
    {
        using var sigstore = new TestSigstore();
        using var tsa = new TestTimestampAuthority();
        var (artifact, root) = TimestampedKeyless(sigstore, tsa, TestSigstore.Start.AddMinutes(2), stampOtherBytes: true);

        var verdict = Single(artifact, new ContentTrustPolicy(new CosignTrust(true, [], [new KeylessIdentity(null, "dev@example.test", null)], root), NotationTrust.None, 1), Subject);

        Assert.False(verdict.Verified);
        Assert.StartsWith("RFC 3161 timestamp:", verdict.Reason, StringComparison.Ordinal);
    }
}
