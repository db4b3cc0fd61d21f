using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Cosign;
using ArtifactKeeper.Signing.Crypto;
using ArtifactKeeper.Signing.Sigstore;
using ArtifactKeeper.Tests.Signing.Sigstore;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Signing.Cosign;

/// <summary>
/// Every legacy <c>.sig</c> vector of ../shared/fixtures/signing (MANIFEST.md: cosign-legacy and generated/skopeo-*),
/// with its stated verdict and the derived negatives (wrong key, wrong identity, wrong Rekor key, tampered payload).
/// </summary>
public sealed class CosignLegacyFixtureTests
{
    private const string Dir = "signing/cosign-legacy/containers-image/";
    private const string MitrIssuer = "https://github.com/login/oauth";
    private static readonly CosignSignatureVerifier Verifier = new();
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static string Pem(string relative) => SharedFixtures.Text(relative);

    private static string ManifestDigest(string relative) => SigManifestBuilder.Digest(SharedFixtures.Bytes(relative));

    private static SignatureArtifact SigFile(params string[] files)
    {
        var builder = new SigManifestBuilder();
        foreach (var file in files)
            builder.FromContainersImageFile(SharedFixtures.Bytes(file));
        return builder.Build();
    }

    private static ContentTrustPolicy Keys(params string[] pems) => Policy([.. pems], [], null);

    private static ContentTrustPolicy Policy(IReadOnlyList<string> keys, IReadOnlyList<KeylessIdentity> keyless, string? root) =>
        new(new CosignTrust(true, keys, keyless, root), NotationTrust.None, 1);

    private static byte[] Der(string pemFile) => X509Certificate2.CreateFromPem(Pem(pemFile)).RawData;

    private static byte[] Spki(string pemFile)
    {
        using var key = VerificationKey.FromPem(Pem(pemFile));
        return key.SubjectPublicKeyInfo.ToArray();
    }

    /// <summary>Public-good Fulcio root and the given Rekor key, as the containers/image tests configure them.</summary>
    private static string PublicGoodRoot(string rekorKeyFile = Dir + "rekor-unit/rekor.pub") =>
        TestSigstore.RootJson([[Der(Dir + "fulcio_v1.crt.pem")]], [Spki(rekorKeyFile)], new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static SignatureVerdict Single(SignatureArtifact artifact, ContentTrustPolicy policy, string subject) =>
        Assert.Single(Verifier.Verify(artifact, new SignedSubject("test/app", subject), policy, Now));

    [Theory]
    [InlineData("dir-img-cosign-valid/signature-1", "dir-img-cosign-valid/manifest.json")]
    [InlineData("dir-img-cosign-valid-2/signature-2", "dir-img-cosign-valid/manifest.json")]
    [InlineData("dir-img-cosign-valid-with-tag/signature-1", "dir-img-cosign-valid-with-tag/manifest.json")]
    public void Key_signed_vectors_verify_with_cosign_pub(string signature, string manifest)
    {
        var verdict = Single(SigFile(Dir + signature), Keys(Pem(Dir + "cosign.pub")), ManifestDigest(Dir + manifest));

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.StartsWith("key:", verdict.Signer, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_signed_vector_is_refused_with_cosign2_pub()
    {
        var verdict = Single(SigFile(Dir + "dir-img-cosign-valid/signature-1"), Keys(Pem(Dir + "cosign2.pub")), ManifestDigest(Dir + "dir-img-cosign-valid/manifest.json"));

        Assert.False(verdict.Verified);
        Assert.Equal("no configured key verifies the signature", verdict.Reason);
    }

    [Fact]
    public void Two_layer_sig_manifest_yields_two_valid_verdicts()
    {
        var verdicts = Verifier.Verify(
            SigFile(Dir + "dir-img-cosign-valid/signature-1", Dir + "dir-img-cosign-valid-2/signature-2"),
            new SignedSubject("test/app", ManifestDigest(Dir + "dir-img-cosign-valid/manifest.json")), Keys(Pem(Dir + "cosign.pub")), Now);

        Assert.Equal([true, true], verdicts.Select(v => v.Verified));
    }

    [Fact]
    public void Unknown_key_signature_is_refused_with_cosign_pub()
    {
        var verdict = Single(SigFile(Dir + "unknown-cosign-key.signature"), Keys(Pem(Dir + "cosign.pub")), ManifestDigest(Dir + "dir-img-cosign-valid/manifest.json"));

        Assert.False(verdict.Verified);
        Assert.Equal("no configured key verifies the signature", verdict.Reason);
    }

    [Fact]
    public void Valid_signature_over_another_manifest_is_refused_for_the_modified_manifest()
    {
        var subject = ManifestDigest(Dir + "dir-img-cosign-modified-manifest/manifest.json");

        var verdict = Single(SigFile(Dir + "dir-img-cosign-valid/signature-1"), Keys(Pem(Dir + "cosign.pub")), subject);

        Assert.False(verdict.Verified);
        Assert.Equal($"payload digest {ManifestDigest(Dir + "dir-img-cosign-valid/manifest.json")} is not the artifact digest {subject}", verdict.Reason);
    }

    [Fact]
    public void Other_attachment_is_not_a_signature()
    {
        var verdict = Single(SigFile(Dir + "dir-img-cosign-other-attachment/signature-1"), Keys(Pem(Dir + "cosign.pub")), ManifestDigest(Dir + "dir-img-cosign-valid/manifest.json"));

        Assert.False(verdict.Verified);
        Assert.Equal("the signature manifest has no application/vnd.dev.cosign.simplesigning.v1+json layer", verdict.Reason);
    }

    [Fact]
    public void Key_and_rekor_vector_verifies_with_cosign2_pub_and_the_public_good_rekor_key()
    {
        var verdict = Single(SigFile(Dir + "dir-img-cosign-key-rekor-valid/signature-1"), Policy([Pem(Dir + "cosign2.pub")], [], PublicGoodRoot()),
            ManifestDigest(Dir + "dir-img-cosign-key-rekor-valid/manifest.json"));

        Assert.True(verdict.Verified, verdict.Reason);
    }

    [Fact]
    public void Key_and_rekor_vector_is_refused_when_cosign_pub_is_the_rekor_key()
    {
        var verdict = Single(SigFile(Dir + "dir-img-cosign-key-rekor-valid/signature-1"), Policy([Pem(Dir + "cosign2.pub")], [], PublicGoodRoot(Dir + "cosign.pub")),
            ManifestDigest(Dir + "dir-img-cosign-key-rekor-valid/manifest.json"));

        Assert.False(verdict.Verified);
        Assert.Contains("is not a transparency log of the trusted root", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyless_fulcio_rekor_vector_verifies_for_its_identity_at_the_integrated_time()
    {
        var verdict = Single(SigFile(Dir + "dir-img-cosign-fulcio-rekor-valid/signature-1"),
            Policy([], [new KeylessIdentity(MitrIssuer, "mitr@redhat.com", null)], PublicGoodRoot()),
            ManifestDigest(Dir + "dir-img-cosign-fulcio-rekor-valid/manifest.json"));

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("mitr@redhat.com", verdict.Signer);
        Assert.Equal(MitrIssuer, verdict.Issuer);
    }

    [Fact]
    public void Keyless_fulcio_rekor_vector_verifies_against_the_production_trusted_root()
    {
        var verdict = Single(SigFile(Dir + "dir-img-cosign-fulcio-rekor-valid/signature-1"),
            Policy([], [new KeylessIdentity(MitrIssuer, "mitr@redhat.com", null)], SharedFixtures.Text("signing/sigstore-bundle/sigstore-python/trusted_root.production.json")),
            ManifestDigest(Dir + "dir-img-cosign-fulcio-rekor-valid/manifest.json"));

        Assert.True(verdict.Verified, verdict.Reason);
    }

    [Fact]
    public void Keyless_fulcio_rekor_vector_is_refused_for_another_identity()
    {
        var verdict = Single(SigFile(Dir + "dir-img-cosign-fulcio-rekor-valid/signature-1"),
            Policy([], [new KeylessIdentity(null, "this-does-not-match@example.com", null)], PublicGoodRoot()),
            ManifestDigest(Dir + "dir-img-cosign-fulcio-rekor-valid/manifest.json"));

        Assert.False(verdict.Verified);
        Assert.Equal($"certificate identity mitr@redhat.com (issuer {MitrIssuer}) does not match any trusted identity", verdict.Reason);
    }

    [Fact]
    public void Keyless_fulcio_rekor_vector_is_refused_when_cosign_pub_is_the_rekor_key()
    {
        var verdict = Single(SigFile(Dir + "dir-img-cosign-fulcio-rekor-valid/signature-1"),
            Policy([], [new KeylessIdentity(null, "mitr@redhat.com", null)], PublicGoodRoot(Dir + "cosign.pub")),
            ManifestDigest(Dir + "dir-img-cosign-fulcio-rekor-valid/manifest.json"));

        Assert.False(verdict.Verified);
        Assert.StartsWith("Rekor entry:", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_pki_vector_verifies_now_against_its_root_without_a_log()
    {
        var root = X509Certificate2.CreateFromPem(Pem(Dir + "pki_root_crts.pem")).RawData;
        var intermediate = X509Certificate2.CreateFromPem(Pem(Dir + "pki_intermediate_crts.pem")).RawData;
        var trustedRoot = TestSigstore.RootJson([[intermediate, root]], [], new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var verdict = Single(SigFile(Dir + "dir-img-cosign-pki-valid/signature-1"), Policy([], [new KeylessIdentity(null, "qiwan@redhat.com", null)], trustedRoot),
            ManifestDigest(Dir + "dir-img-cosign-pki-valid/manifest.json"));

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("qiwan@redhat.com", verdict.Signer);
    }

    private static SignatureArtifact RekorUnit(byte[] payload) =>
        new SigManifestBuilder().Layer(payload, new Dictionary<string, string>
        {
            [CosignFormat.SignatureAnnotation] = Pem(Dir + "rekor-unit/rekor-sig").Trim(),
            [CosignFormat.CertificateAnnotation] = Pem(Dir + "rekor-unit/rekor-cert"),
            [CosignFormat.ChainAnnotation] = Pem(Dir + "fulcio-chain"),
            [CosignFormat.RekorBundleAnnotation] = Pem(Dir + "rekor-unit/rekor-set"),
        }).Build();

    [Fact]
    public void Rekor_unit_set_verifies_and_a_tampered_payload_is_refused()
    {
        var payload = SharedFixtures.Bytes(Dir + "rekor-unit/rekor-payload");
        var subject = SimpleSigningPayload.TryParse(payload, out _)!.ManifestDigest;
        var policy = Policy([], [new KeylessIdentity(MitrIssuer, "mitr@redhat.com", null)], PublicGoodRoot());
        var tampered = payload.ToArray();
        tampered[^3] ^= 0x20;

        var valid = Single(RekorUnit(payload), policy, subject);
        var refused = Single(RekorUnit(tampered), policy, subject);

        Assert.True(valid.Verified, valid.Reason);
        Assert.False(refused.Verified);
    }

    [Fact]
    public void Fulcio_cert_is_valid_at_its_integrated_time_and_expired_later()
    {
        using var leaf = X509Certificate2.CreateFromPem(Pem(Dir + "fulcio-cert"));
        Assert.True(TrustedRoot.TryParse(PublicGoodRoot(), out var root, out var error), error);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(Pem(Dir + "fulcio-chain"));
        var trusted = new[] { new KeylessIdentity(MitrIssuer, "mitr@redhat.com", null) };

        var atIntegration = SigningCertificateVerifier.Verify(leaf, [.. chain], root!, [DateTimeOffset.FromUnixTimeSeconds(1670870899)], trusted, out _, out var signer);
        var later = SigningCertificateVerifier.Verify(leaf, [.. chain], root!, [Now], trusted, out _, out _);

        Assert.Null(atIntegration);
        Assert.Equal("mitr@redhat.com", signer);
        Assert.StartsWith("the signing certificate is not valid at the signing time", later, StringComparison.Ordinal);
    }

    [Fact]
    public void Harbor_oci11_excerpt_signature_and_set_verify_against_the_production_root()
    {
        using var document = System.Text.Json.JsonDocument.Parse(SharedFixtures.Text("signing/cosign-legacy/harbor/cosign-oci11-sig-manifest.excerpt.json"));
        var layer = document.RootElement.GetProperty("layers")[0];
        var annotations = layer.GetProperty("annotations");
        var bundle = annotations.GetProperty(CosignFormat.RekorBundleAnnotation).GetString()!;
        using var parsed = System.Text.Json.JsonDocument.Parse(bundle);
        var body = Convert.FromBase64String(parsed.RootElement.GetProperty("Payload").GetProperty("body").GetString()!);
        using var rekorBody = System.Text.Json.JsonDocument.Parse(body);
        var keyPem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            rekorBody.RootElement.GetProperty("spec").GetProperty("signature").GetProperty("publicKey").GetProperty("content").GetString()!));
        using var key = VerificationKey.FromPem(keyPem);
        var signature = Convert.FromBase64String(annotations.GetProperty(CosignFormat.SignatureAnnotation).GetString()!);
        var digest = Convert.FromHexString(layer.GetProperty("digest").GetString()!["sha256:".Length..]);
        Assert.True(TrustedRoot.TryParse(SharedFixtures.Text("signing/sigstore-bundle/sigstore-python/trusted_root.production.json"), out var root, out var error), error);

        var setError = LegacySignatureVerifier.CheckRekorBundle(bundle, root!, new SignedClaim(digest, signature, key.SubjectPublicKeyInfo.ToArray()), out var integrated);

        Assert.True(key.VerifyHash(digest, signature, HashAlgorithmName.SHA256), "ECDSA over the prehashed layer digest");
        Assert.Null(setError);
        Assert.Equal(1712651102, integrated.ToUnixTimeSeconds());
    }

    private const string Skopeo = "signing/generated/skopeo-sigstore-key/";
    private const string SkopeoKeyless = "signing/generated/skopeo-keyless-mock/";

    private static SignatureArtifact Stored(string dir)
    {
        var manifest = SharedFixtures.Bytes(dir + "sig-manifest.json");
        var payload = SharedFixtures.Bytes(dir + "simplesigning-payload.json");
        var config = SharedFixtures.Bytes(dir + "sig-config.json");
        return new SignatureArtifact(SignatureKind.Cosign, SigManifestBuilder.Digest(manifest), null, manifest,
            new Dictionary<string, ReadOnlyMemory<byte>> { [SigManifestBuilder.Digest(payload)] = payload, [SigManifestBuilder.Digest(config)] = config });
    }

    [Fact]
    public void Skopeo_key_signature_verifies_with_its_key_and_is_refused_with_another()
    {
        var subject = ManifestDigest(Skopeo + "image-manifest.json");

        var valid = Single(Stored(Skopeo), Keys(Pem(Skopeo + "sigstore.pub")), subject);
        var refused = Single(Stored(Skopeo), Keys(Pem(Skopeo + "other.pub")), subject);

        Assert.True(valid.Verified, valid.Reason);
        Assert.False(refused.Verified);
        Assert.Equal("no configured key verifies the signature", refused.Reason);
    }

    private static readonly KeylessIdentity MockSigner = new("https://oidc.example.test", "https://signer.example.test/ci@refs/heads/main", null);

    [Fact]
    public void Skopeo_keyless_signature_verifies_against_the_mock_trusted_root()
    {
        var verdict = Single(Stored(SkopeoKeyless), Policy([], [MockSigner], Pem(SkopeoKeyless + "trusted_root.json")), ManifestDigest(SkopeoKeyless + "image-manifest.json"));

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal(MockSigner.Identity, verdict.Signer);
        Assert.Equal(MockSigner.Issuer, verdict.Issuer);
    }

    [Fact]
    public void Skopeo_keyless_signature_verifies_against_the_mock_pem_material()
    {
        var root = TestSigstore.RootJson([[Der(SkopeoKeyless + "fulcio-root.pem")]], [Spki(SkopeoKeyless + "rekor.pub")], new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var verdict = Single(Stored(SkopeoKeyless), Policy([], [MockSigner], root), ManifestDigest(SkopeoKeyless + "image-manifest.json"));

        Assert.True(verdict.Verified, verdict.Reason);
    }

    [Fact]
    public void Skopeo_keyless_signature_is_refused_for_a_wrong_identity_another_rekor_key_or_the_public_good_fulcio()
    {
        var subject = ManifestDigest(SkopeoKeyless + "image-manifest.json");
        var fulcio = Der(SkopeoKeyless + "fulcio-root.pem");
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var wrongIdentity = Single(Stored(SkopeoKeyless), Policy([], [new KeylessIdentity(null, "https://signer.example.test/other", null)], Pem(SkopeoKeyless + "trusted_root.json")), subject);
        var wrongLog = Single(Stored(SkopeoKeyless), Policy([], [MockSigner], TestSigstore.RootJson([[fulcio]], [Spki(Skopeo + "other.pub")], start)), subject);
        var publicGood = Single(Stored(SkopeoKeyless), Policy([], [MockSigner], TestSigstore.RootJson([[Der(Dir + "fulcio_v1.crt.pem")]], [Spki(SkopeoKeyless + "rekor.pub")], start)), subject);

        Assert.False(wrongIdentity.Verified);
        Assert.Contains("does not match any trusted identity", wrongIdentity.Reason, StringComparison.Ordinal);
        Assert.False(wrongLog.Verified);
        Assert.StartsWith("Rekor entry:", wrongLog.Reason, StringComparison.Ordinal);
        Assert.False(publicGood.Verified);
        Assert.StartsWith("certificate chain:", publicGood.Reason, StringComparison.Ordinal);
    }
}
