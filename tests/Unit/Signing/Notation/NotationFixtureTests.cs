using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Notation;
using ArtifactKeeper.Tests.Support;
using static ArtifactKeeper.Tests.Signing.Notation.NotationTestKit;

namespace ArtifactKeeper.Tests.Signing.Notation;

/// <summary>
/// Every Notation envelope of ../shared/fixtures/signing/notation with the verdict MANIFEST.md lists for it, under
/// the trust material it names (the self-signed envelopes trust their own certificate, as the MANIFEST says).
/// </summary>
public sealed class NotationFixtureTests
{
    private const string Go = "signing/notation/notation-go/";
    private const string Mock = Go + "mock-envelopes/";
    private const string Stamped = Go + "timestamp/sigEnv/";
    private const string MockTarget = "sha256:60043cf45eaebc4c0867fea485a039b598f52fd09fd5b07b0b2d2f88fad9d74e";
    private const string StampedTarget = "sha256:c0669ef34cdc14332c0f1ab0c2c01acb91d96014b172f1a76f3a39e63d1f0bda";
    private const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    private const string AlpineIdentity = "x509.subject: C=US, ST=WA, L=Seattle, O=Notary, CN=alpine";

    private static readonly NotationSignatureVerifier Verifier = new();
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static X509Certificate2 Store(string path) => Certificate(SharedFixtures.Bytes(Go + "truststore/x509/" + path));

    private static X509Certificate2 GlobalSignTsaRoot() => Store("tsa/test-timestamp/globalsignRoot.cer");

    private static SignatureVerdict Verify(string file, string subject, long size, string mediaType, IEnumerable<X509Certificate2> store, string? policy, string repository = "library/alpine")
    {
        var bytes = SharedFixtures.Bytes(file);
        var envelopeType = file.EndsWith(".json", StringComparison.Ordinal) || bytes[0] == (byte)'{' ? NotationMediaTypes.JwsEnvelope : NotationMediaTypes.CoseEnvelope;
        var verdicts = Verifier.Verify(Artifact(envelopeType, bytes, subject, size, mediaType), new SignedSubject(repository, subject), NotationTestKit.Policy(store, policy), Now);
        return Assert.Single(verdicts);
    }

    private static SignatureVerdict VerifyMock(string file, string storeType, string storePath) =>
        Verify(Mock + file, MockTarget, 528, DockerManifest, [Store(storePath)], PolicyJson(stores: [storeType + ":valid-trust-store"]));

    [Theory]
    [InlineData("jws_signature.sig")]
    [InlineData("cose_signature.sig")]
    public void Alpine_envelopes_verify_against_their_own_certificate_with_the_alpine_identity(string file)
    {
        var bytes = SharedFixtures.Bytes(Go + file);
        var leaf = bytes[0] == (byte)'{' ? JwsLeaf(bytes) : CoseLeaf(bytes);
        var subject = "sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0";
        Assert.Equal(481, SharedFixtures.Bytes(Go + "oci-layout/blobs/sha256/" + subject[7..]).Length);

        var verdict = Verify(Go + file, subject, 481, ImageManifest, [leaf], PolicyJson(identities: [AlpineIdentity], stores: ["ca:alpine"]));

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal(SignatureKind.Notation, verdict.Kind);
        Assert.Equal("CN=alpine, O=Notary, L=Seattle, ST=WA, C=US", verdict.Signer);
        Assert.Equal("CN=alpine, O=Notary, L=Seattle, ST=WA, C=US", verdict.Issuer);
    }

    [Fact]
    public void Alpine_envelope_is_refused_for_another_identity_and_another_subject()
    {
        var bytes = SharedFixtures.Bytes(Go + "jws_signature.sig");
        var subject = "sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0";

        var wrongIdentity = Verify(Go + "jws_signature.sig", subject, 481, ImageManifest, [JwsLeaf(bytes)],
            PolicyJson(identities: ["x509.subject: C=US, ST=WA, O=Notary, CN=someone-else"], stores: ["ca:alpine"]));
        var wrongSubject = Verify(Go + "jws_signature.sig", MockTarget, 481, ImageManifest, [JwsLeaf(bytes)], PolicyJson(stores: ["ca:alpine"]));

        Assert.False(wrongIdentity.Verified);
        Assert.Contains("not a trusted identity", wrongIdentity.Reason, StringComparison.Ordinal);
        Assert.False(wrongSubject.Verified);
        Assert.Contains("not for this artifact", wrongSubject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mock_ca_envelope_verifies_against_its_root_although_leaf_and_root_share_a_subject_dn()
    {
        var verdict = VerifyMock("ca_valid_sig_env.json", "ca", "ca/valid-trust-store/NotationTestRoot.pem");

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("CN=Notation Test Root, O=Notary, L=Seattle, ST=WA, C=US", verdict.Signer);
    }

    [Fact]
    public void Mock_ca_envelope_is_refused_by_a_store_without_its_root()
    {
        var store = new[] { Store("ca/valid-trust-store-2/GlobalSign.der"), Store("ca/valid-trust-store-2/GlobalSignRootCA.crt") };

        var verdict = Verify(Mock + "ca_valid_sig_env.json", MockTarget, 528, DockerManifest, store, PolicyJson(stores: ["ca:valid-trust-store-2"]));

        Assert.False(verdict.Verified);
        Assert.StartsWith("authenticity: the signing certificate is not trusted", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mock_envelope_with_a_plugin_critical_header_is_refused()
    {
        var verdict = VerifyMock("ca_plugin_sig_env.json", "ca", "ca/valid-trust-store/NotationTestRoot.pem");

        Assert.False(verdict.Verified);
        Assert.Contains("verification plugin", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ca_invalid_sig_env.json", "ca", "ca/valid-trust-store/NotationTestRoot.pem")]
    [InlineData("sa_invalid_sig_env.json", "signingAuthority", "signingAuthority/valid-trust-store/NotationTestRoot.pem")]
    public void Mock_envelopes_with_a_corrupted_signature_fail_integrity(string file, string storeType, string store)
    {
        var verdict = VerifyMock(file, storeType, store);

        Assert.False(verdict.Verified);
        Assert.StartsWith("integrity: the JWS signature does not verify", verdict.Reason, StringComparison.Ordinal);
        Assert.Null(verdict.Signer);
    }

    [Theory]
    [InlineData("ca_expired_sig_env.json", "ca", "ca/valid-trust-store/NotationTestRoot.pem")]
    [InlineData("sa_expired_sig_env.json", "signingAuthority", "signingAuthority/valid-trust-store/NotationTestRoot.pem")]
    public void Mock_envelopes_past_their_expiry_are_refused(string file, string storeType, string store)
    {
        var verdict = VerifyMock(file, storeType, store);

        Assert.False(verdict.Verified);
        Assert.StartsWith("expiry: the signature expired at 2022-07-29T23:59:00", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mock_signing_authority_envelope_verifies_against_a_signing_authority_store()
    {
        var verdict = VerifyMock("sa_valid_sig_env.json", "signingAuthority", "signingAuthority/valid-trust-store/NotationTestRoot.pem");

        Assert.True(verdict.Verified, verdict.Reason);
    }

    [Fact]
    public void Mock_signing_authority_envelope_is_refused_by_a_policy_naming_only_a_ca_store()
    {
        var verdict = Verify(Mock + "sa_valid_sig_env.json", MockTarget, 528, DockerManifest, [Store("signingAuthority/valid-trust-store/NotationTestRoot.pem")],
            PolicyJson(stores: ["ca:valid-trust-store"]));

        Assert.False(verdict.Verified);
        Assert.Contains("names no 'signingAuthority' trust store", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Envelope_with_metadata_is_refused_now_because_its_one_day_certificate_expired()
    {
        var bytes = SharedFixtures.Bytes(Mock + "sig_env_with_metadata.json");

        var verdict = Verify(Mock + "sig_env_with_metadata.json", "sha256:5a07385af4e6b6af81b0ebfd435aedccdfa3507f0609c658209e1aba57159b2b", 942, DockerManifest,
            [JwsLeaf(bytes)], PolicyJson(stores: ["ca:wabbit"]));

        Assert.False(verdict.Verified);
        Assert.Contains("has expired now", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal("CN=wabbit-networks.io, O=Notary, L=Seattle, ST=WA, C=US", verdict.Signer);
    }

    [Fact]
    public void Envelope_with_metadata_is_not_anchored_by_the_other_wabbit_certificate_in_the_store()
    {
        var verdict = Verify(Mock + "sig_env_with_metadata.json", "sha256:5a07385af4e6b6af81b0ebfd435aedccdfa3507f0609c658209e1aba57159b2b", 942, DockerManifest,
            [Store("ca/valid-trust-store/wabbit-networks.io.crt")], PolicyJson(stores: ["ca:valid-trust-store"]));

        Assert.False(verdict.Verified);
        Assert.StartsWith("authenticity:", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jwsWithTimestamp.sig")]
    [InlineData("coseWithTimestamp.sig")]
    public void Timestamped_envelopes_verify_with_their_tsa_root(string file)
    {
        var verdict = Verify(Stamped + file, StampedTarget, 528, DockerManifest, [Store("ca/valid-trust-store/TestTimestamp.crt"), GlobalSignTsaRoot()],
            PolicyJson(stores: ["ca:valid-trust-store", "tsa:test-timestamp"], verifyTimestamp: "always"));

        Assert.True(verdict.Verified, verdict.Reason);
    }

    [Theory]
    [InlineData("jwsExpiredWithTimestamp.sig")]
    [InlineData("coseExpiredWithTimestamp.sig")]
    public void Expired_certificate_verifies_when_a_trusted_timestamp_falls_inside_its_validity(string file)
    {
        var bytes = SharedFixtures.Bytes(Stamped + file);
        var leaf = bytes[0] == (byte)'{' ? JwsLeaf(bytes) : CoseLeaf(bytes);
        Assert.True(leaf.NotAfter < DateTime.UtcNow);

        var verdict = Verify(Stamped + file, StampedTarget, 528, DockerManifest, [leaf, GlobalSignTsaRoot()],
            PolicyJson(stores: ["ca:self", "tsa:test-timestamp"], verifyTimestamp: "always"));

        Assert.True(verdict.Verified, verdict.Reason);
    }

    [Theory]
    [InlineData("jwsExpiredWithTimestamp.sig")]
    [InlineData("coseExpiredWithTimestamp.sig")]
    public void Expired_certificate_is_refused_when_the_policy_has_no_tsa_store(string file)
    {
        var bytes = SharedFixtures.Bytes(Stamped + file);
        var leaf = bytes[0] == (byte)'{' ? JwsLeaf(bytes) : CoseLeaf(bytes);

        var verdict = Verify(Stamped + file, StampedTarget, 528, DockerManifest, [leaf, GlobalSignTsaRoot()], PolicyJson(stores: ["ca:self"]));

        Assert.False(verdict.Verified);
        Assert.Contains("has expired now", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("names no 'tsa' trust store", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_after_the_certificate_expired_is_refused()
    {
        var bytes = SharedFixtures.Bytes(Stamped + "timestampAfterNotAfter.sig");

        var verdict = Verify(Stamped + "timestampAfterNotAfter.sig", StampedTarget, 528, DockerManifest, [CoseLeaf(bytes), GlobalSignTsaRoot()],
            PolicyJson(stores: ["ca:self", "tsa:test-timestamp"], verifyTimestamp: "always"));

        Assert.False(verdict.Verified);
        Assert.Contains("has expired at the timestamp", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_before_the_certificate_became_valid_is_refused()
    {
        var verdict = Verify(Stamped + "timestampBeforeNotBefore.sig", StampedTarget, 528, DockerManifest,
            [Store("ca/valid-trust-store/TestTimestampNotYetValid.crt"), GlobalSignTsaRoot()],
            PolicyJson(stores: ["ca:valid-trust-store", "tsa:test-timestamp"], verifyTimestamp: "always"));

        Assert.False(verdict.Verified);
        Assert.Contains("is not yet valid at the timestamp", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Envelope_without_timestamp_verifies_without_a_tsa_store_and_is_refused_when_one_is_required()
    {
        X509Certificate2[] store = [Store("ca/valid-trust-store/TestTimestamp.crt"), GlobalSignTsaRoot()];

        var plain = Verify(Stamped + "withoutTimestamp.sig", StampedTarget, 528, DockerManifest, store, PolicyJson(stores: ["ca:valid-trust-store"]));
        var required = Verify(Stamped + "withoutTimestamp.sig", StampedTarget, 528, DockerManifest, store,
            PolicyJson(stores: ["ca:valid-trust-store", "tsa:test-timestamp"], verifyTimestamp: "always"));
        var afterExpiry = Verify(Stamped + "withoutTimestamp.sig", StampedTarget, 528, DockerManifest, store,
            PolicyJson(stores: ["ca:valid-trust-store", "tsa:test-timestamp"], verifyTimestamp: "afterCertExpiry"));

        Assert.True(plain.Verified, plain.Reason);
        Assert.False(required.Verified);
        Assert.True(required.Reason.Contains("no timestamp countersignature was found", StringComparison.Ordinal), required.Reason);
        Assert.True(afterExpiry.Verified, afterExpiry.Reason);
    }

    [Fact]
    public void Default_policy_verifies_a_timestamped_expired_signature_with_the_whole_store()
    {
        var bytes = SharedFixtures.Bytes(Stamped + "jwsExpiredWithTimestamp.sig");

        var verdict = Verify(Stamped + "jwsExpiredWithTimestamp.sig", StampedTarget, 528, DockerManifest, [JwsLeaf(bytes), GlobalSignTsaRoot()], null);

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Contains("trust policy 'default', level strict", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signing/notation/notation-core-go/jws-conformance.json", NotationMediaTypes.JwsEnvelope)]
    public void Structure_only_conformance_vector_without_certificates_fails_integrity(string file, string mediaType)
    {
        var result = NotationEnvelopeReader.Read(mediaType, SharedFixtures.Bytes(file));

        Assert.Null(result.Envelope);
        Assert.Contains("x5c", result.Error, StringComparison.Ordinal);
    }
}
