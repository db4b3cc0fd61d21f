using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Notation;
using static ArtifactKeeper.Tests.Signing.Notation.NotationTestKit;

namespace ArtifactKeeper.Tests.Signing.Notation;

/// <summary>
/// Envelopes signed here with throwaway CAs, leaves and a TSA, so every rule is exercised without ../shared:
/// both envelope formats and key types, tampering, the subject, trust anchors, time and timestamps, and each
/// trust policy level, scope and identity rule.
/// </summary>
public sealed class NotationGeneratedEnvelopeTests : IDisposable
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Repository = "prod/app";
    private const string Builder = "C=US, ST=WA, L=Seattle, O=Acme, CN=builder";
    private const string BuilderSubject = "CN=builder, O=Acme, L=Seattle, ST=WA, C=US";

    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly X509Certificate2 _root = NotationPki.Root("CN=Acme Root, O=Acme, ST=WA, C=US", Now.AddYears(-5), Now.AddYears(5));
    private readonly X509Certificate2 _otherRoot = NotationPki.Root("CN=Acme Root, O=Acme, ST=WA, C=US", Now.AddYears(-5), Now.AddYears(5));
    private readonly X509Certificate2 _tsaRoot = NotationPki.Root("CN=Acme TSA Root, O=Acme, C=US", Now.AddYears(-5), Now.AddYears(5));
    private readonly X509Certificate2 _tsa;
    private readonly NotationSignatureVerifier _verifier = new();

    public NotationGeneratedEnvelopeTests() => _tsa = NotationPki.Tsa(_tsaRoot, Now.AddYears(-2), Now.AddYears(2));

    public void Dispose()
    {
        _root.Dispose();
        _otherRoot.Dispose();
        _tsaRoot.Dispose();
        _tsa.Dispose();
    }

    public static TheoryData<bool, bool> FormatsAndKeys => new() { { true, true }, { true, false }, { false, true }, { false, false } };

    private NotationSigner Signer(bool rsa = true, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        NotationPki.Signer(_root, BuilderSubject, from ?? Now.AddDays(-10), to ?? Now.AddDays(30), rsa);

    private static EnvelopeClaims Claims(DateTimeOffset? signedAt = null, DateTimeOffset? expiry = null) => new(Digest, signedAt ?? Now.AddHours(-1), Expiry: expiry);

    private SignatureVerdict Verify(bool jws, byte[] envelope, string? policy, IEnumerable<X509Certificate2>? store = null, string digest = Digest, string repository = Repository) =>
        Assert.Single(_verifier.Verify(
            Artifact(jws ? NotationMediaTypes.JwsEnvelope : NotationMediaTypes.CoseEnvelope, envelope, digest, 1234, ImageManifest),
            new SignedSubject(repository, digest),
            NotationTestKit.Policy(store ?? [_root, _tsaRoot], policy),
            Now));

    private static byte[] Envelope(bool jws, NotationSigner signer, EnvelopeClaims claims, X509Certificate2? tsa = null, DateTimeOffset? stampedAt = null) =>
        jws ? NotationEnvelopeFactory.Jws(signer, claims, tsa, stampedAt) : NotationEnvelopeFactory.Cose(signer, claims, tsa, stampedAt);

    [Theory]
    [MemberData(nameof(FormatsAndKeys))]
    public void Envelope_signed_by_a_leaf_of_the_trusted_root_verifies_and_names_signer_and_issuer(bool jws, bool rsa)
    {
        var verdict = Verify(jws, Envelope(jws, Signer(rsa), Claims()), PolicyJson(identities: ["x509.subject: " + Builder]));

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("CN=builder, O=Acme, L=Seattle, ST=WA, C=US", verdict.Signer);
        Assert.Equal("CN=Acme Root, O=Acme, ST=WA, C=US", verdict.Issuer);
        Assert.Equal("verified by trust policy 'test', level strict", verdict.Reason);
    }

    [Fact]
    public void Jws_with_a_changed_payload_fails_integrity()
    {
        var envelope = JsonNode.Parse(NotationEnvelopeFactory.Jws(Signer(), Claims()))!;
        var other = new EnvelopeClaims("sha256:" + new string('2', 64), Now.AddHours(-1));
        envelope["payload"] = JsonNode.Parse(NotationEnvelopeFactory.Jws(Signer(), other))!["payload"]!.GetValue<string>();

        var verdict = Verify(true, Encoding.UTF8.GetBytes(envelope.ToJsonString()), null, digest: other.TargetDigest);

        Assert.False(verdict.Verified);
        Assert.StartsWith("integrity: the JWS signature does not verify", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cose_with_a_changed_payload_fails_integrity()
    {
        var envelope = NotationEnvelopeFactory.Cose(Signer(rsa: false), Claims());
        var at = Encoding.ASCII.GetString(envelope).IndexOf(Digest, StringComparison.Ordinal);
        envelope[at + 10] = (byte)'2';

        var verdict = Verify(false, envelope, null, digest: Digest[..10] + "2" + Digest[11..]);

        Assert.False(verdict.Verified);
        Assert.StartsWith("integrity: the COSE signature does not verify", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Envelope_for_another_digest_is_refused_for_this_subject(bool jws)
    {
        var verdict = Verify(jws, Envelope(jws, Signer(), Claims()), null, digest: "sha256:" + new string('3', 64));

        Assert.False(verdict.Verified);
        Assert.Equal($"the signature is for {Digest}, not for this artifact sha256:{new string('3', 64)}", verdict.Reason);
    }

    [Fact]
    public void Signed_size_that_differs_from_the_subject_descriptor_is_refused()
    {
        var envelope = NotationEnvelopeFactory.Jws(Signer(), Claims() with { TargetSize = 99 });

        var verdict = Verify(true, envelope, null);

        Assert.False(verdict.Verified);
        Assert.Equal("the signed size 99 differs from the artifact's size 1234", verdict.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Envelope_from_a_root_outside_the_trust_store_is_refused_even_with_the_same_root_name(bool jws)
    {
        var stranger = NotationPki.Signer(_otherRoot, BuilderSubject, Now.AddDays(-1), Now.AddDays(1), rsa: true, _otherRoot);

        var verdict = Verify(jws, Envelope(jws, stranger, Claims()), null);

        Assert.False(verdict.Verified);
        Assert.StartsWith("authenticity: the signing certificate is not trusted", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Chain_through_an_intermediate_verifies_when_the_envelope_carries_the_intermediate_only()
    {
        using var intermediate = NotationPki.Intermediate(_root, "CN=Acme Signing CA, O=Acme, ST=WA, C=US", Now.AddYears(-1), Now.AddYears(1));
        var signer = NotationPki.Signer(intermediate, BuilderSubject, Now.AddDays(-1), Now.AddDays(1), rsa: false, intermediate);

        var verdict = Verify(true, NotationEnvelopeFactory.Jws(signer, Claims()), null);

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Equal("CN=Acme Signing CA, O=Acme, ST=WA, C=US", verdict.Issuer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Expired_certificate_without_timestamp_is_refused(bool jws)
    {
        var expired = Signer(from: Now.AddDays(-30), to: Now.AddDays(-1));

        var verdict = Verify(jws, Envelope(jws, expired, Claims(Now.AddDays(-2))), PolicyJson(stores: ["ca:acme", "tsa:acme"]));

        Assert.False(verdict.Verified);
        Assert.StartsWith("authentic timestamp: no timestamp countersignature was found", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Expired_certificate_with_a_trusted_timestamp_inside_its_validity_verifies(bool jws)
    {
        var expired = Signer(from: Now.AddDays(-30), to: Now.AddDays(-1));
        var envelope = Envelope(jws, expired, Claims(Now.AddDays(-2)), _tsa, Now.AddDays(-2).AddMinutes(1));

        var verdict = Verify(jws, envelope, PolicyJson(stores: ["ca:acme", "tsa:acme"]));
        var withoutTsaStore = Verify(jws, envelope, PolicyJson(stores: ["ca:acme"]));

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.False(withoutTsaStore.Verified);
        Assert.Contains("has expired now", withoutTsaStore.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_from_an_untrusted_tsa_is_refused()
    {
        var expired = Signer(from: Now.AddDays(-30), to: Now.AddDays(-1));
        var envelope = NotationEnvelopeFactory.Jws(expired, Claims(Now.AddDays(-2)), _tsa, Now.AddDays(-2));

        var verdict = Verify(true, envelope, PolicyJson(stores: ["ca:acme", "tsa:acme"]), store: [_root]);

        Assert.False(verdict.Verified);
        Assert.StartsWith("authentic timestamp: the timestamp countersignature does not verify", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_after_the_certificate_expired_is_refused()
    {
        var expired = Signer(from: Now.AddDays(-30), to: Now.AddDays(-3));
        var envelope = NotationEnvelopeFactory.Cose(expired, Claims(Now.AddDays(-4)), _tsa, Now.AddDays(-2));

        var verdict = Verify(false, envelope, PolicyJson(stores: ["ca:acme", "tsa:acme"]));

        Assert.False(verdict.Verified);
        Assert.Contains("has expired at the timestamp", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_time_in_the_future_is_refused()
    {
        var verdict = Verify(true, NotationEnvelopeFactory.Jws(Signer(), Claims(Now.AddHours(2))), null);

        Assert.False(verdict.Verified);
        Assert.Contains("is in the future", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Algorithm_must_be_one_notation_allows_and_fit_the_signing_key()
    {
        var ecdsa = Signer(rsa: false).Leaf;
        var rsa = Signer(rsa: true).Leaf;

        Assert.Null(NotationAlgorithms.Check("ES256", ecdsa, out _));
        Assert.Null(NotationAlgorithms.Check("PS512", rsa, out _));
        Assert.Equal("ES384 needs a EcdsaP384 key in the signing certificate, not EcdsaP256", NotationAlgorithms.Check("ES384", ecdsa, out _));
        Assert.Equal("PS256 needs an RSA key of at least 2048 bits in the signing certificate", NotationAlgorithms.Check("PS256", ecdsa, out _));
        Assert.Contains("is not one Notation allows", NotationAlgorithms.Check("RS256", rsa, out _), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "not json")]
    [InlineData(true, "{\"payload\":\"e30\",\"protected\":\"%%%\",\"signature\":\"AA\",\"header\":{\"x5c\":[\"AAAA\"]}}")]
    [InlineData(false, "not cbor")]
    public void Malformed_envelope_is_refused_as_an_integrity_failure(bool jws, string envelope)
    {
        var verdict = Verify(jws, Encoding.UTF8.GetBytes(envelope), null);

        Assert.False(verdict.Verified);
        Assert.StartsWith("integrity: the " + (jws ? "JWS" : "COSE") + " envelope is malformed", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_critical_header_fails_integrity()
    {
        var verdict = Verify(false, NotationEnvelopeFactory.Cose(Signer(), Claims() with { ExtraCritical = "com.example.mustUnderstand" }), null);

        Assert.False(verdict.Verified);
        Assert.Equal("integrity: critical header 'com.example.mustUnderstand' is not understood", verdict.Reason);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Signing_authority_scheme_is_checked_at_the_authentic_signing_time(bool jws)
    {
        var signer = Signer(from: Now.AddDays(-30), to: Now.AddDays(-1));
        var inside = new EnvelopeClaims(Digest, Now.AddDays(-2), Scheme: NotationMediaTypes.SchemeSigningAuthority);
        var outside = inside with { SigningTime = Now.AddDays(-40) };
        var policy = PolicyJson(stores: ["signingAuthority:acme"]);

        var valid = Verify(jws, Envelope(jws, signer, inside), policy);
        var invalid = Verify(jws, Envelope(jws, signer, outside), policy);

        Assert.True(valid.Verified, valid.Reason);
        Assert.False(invalid.Verified);
        Assert.Contains("is not yet valid at the authentic signing time", invalid.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strict", false, "expiry: the signature expired")]
    [InlineData("permissive", true, "with failures only logged: expiry: the signature expired")]
    [InlineData("audit", true, "with failures only logged: expiry: the signature expired")]
    [InlineData("skip", false, "verification skipped by trust policy 'test'")]
    public void Expired_signature_under_each_level(string level, bool verified, string reason)
    {
        var envelope = NotationEnvelopeFactory.Jws(Signer(), Claims(Now.AddDays(-2), expiry: Now.AddDays(-1)));

        var verdict = Verify(true, envelope, PolicyJson(level: level));

        Assert.Equal(verified, verdict.Verified);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strict", false)]
    [InlineData("permissive", false)]
    [InlineData("audit", true)]
    public void Untrusted_signer_under_each_level(string level, bool verified)
    {
        var stranger = NotationPki.Signer(_otherRoot, BuilderSubject, Now.AddDays(-1), Now.AddDays(1), rsa: false, _otherRoot);

        var verdict = Verify(true, NotationEnvelopeFactory.Jws(stranger, Claims()), PolicyJson(level: level));

        Assert.Equal(verified, verdict.Verified);
        Assert.Contains("authenticity: the signing certificate is not trusted", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_level_still_enforces_integrity()
    {
        var envelope = NotationEnvelopeFactory.Cose(Signer(), Claims());
        envelope[^5] ^= 0xFF;

        var verdict = Verify(false, envelope, PolicyJson(level: "audit"));

        Assert.False(verdict.Verified);
        Assert.StartsWith("integrity:", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Override_logs_expiry_under_strict()
    {
        var envelope = NotationEnvelopeFactory.Jws(Signer(), Claims(Now.AddDays(-2), expiry: Now.AddDays(-1)));

        var verdict = Verify(true, envelope, PolicyJson(overrides: new() { ["expiry"] = "log" }));

        Assert.True(verdict.Verified, verdict.Reason);
        Assert.Contains("logged: expiry", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Statement_whose_scope_names_the_repository_wins_over_the_wildcard_and_ignores_the_registry_host()
    {
        var policy = JsonSerializer.Serialize(new
        {
            version = "1.0",
            trustPolicies = new object[]
            {
                new { name = "prod", registryScopes = new[] { "registry.example.com:5000/prod/app" }, signatureVerification = new { level = "strict" }, trustStores = new[] { "ca:acme" }, trustedIdentities = new[] { "*" } },
                new { name = "rest", registryScopes = new[] { "*" }, signatureVerification = new { level = "skip" } },
            },
        });
        var envelope = NotationEnvelopeFactory.Jws(Signer(), Claims());

        var prod = Verify(true, envelope, policy);
        var dev = Verify(true, envelope, policy, repository: "dev/app");

        Assert.True(prod.Verified, prod.Reason);
        Assert.Contains("trust policy 'prod'", prod.Reason, StringComparison.Ordinal);
        Assert.False(dev.Verified);
        Assert.Equal("verification skipped by trust policy 'rest'", dev.Reason);
    }

    [Fact]
    public void Repository_outside_every_scope_is_refused_with_the_reason()
    {
        var verdict = Verify(true, NotationEnvelopeFactory.Jws(Signer(), Claims()), PolicyJson(scopes: ["registry.example.com/other/app"]));

        Assert.False(verdict.Verified);
        Assert.StartsWith("no Notation trust policy statement applies to repository 'prod/app'", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x509.subject: C=US, ST=WA, O=Acme", true)]
    [InlineData("x509.subject: C=US, ST=WA, O=Acme, CN=builder", true)]
    [InlineData("x509.subject: C=US, ST=WA, O=Acme, CN=someone-else", false)]
    [InlineData("x509.subject: C=US, ST=OR, O=Acme", false)]
    public void Trusted_identity_matches_when_each_of_its_attributes_is_in_the_leaf_subject(string identity, bool verified)
    {
        var verdict = Verify(true, NotationEnvelopeFactory.Jws(Signer(), Claims()), PolicyJson(identities: [identity]));

        Assert.Equal(verified, verdict.Verified);
        if (!verified)
            Assert.StartsWith("authenticity: signer 'CN=builder, O=Acme, L=Seattle, ST=WA, C=US' is not a trusted identity", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_trust_policy_is_a_clear_refusal()
    {
        var verdict = Verify(true, NotationEnvelopeFactory.Jws(Signer(), Claims()), PolicyJson(level: "paranoid"));

        Assert.False(verdict.Verified);
        Assert.StartsWith("the project's Notation trust policy is invalid:", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_that_is_not_a_notation_signature_is_refused()
    {
        var artifact = Artifact(NotationMediaTypes.JwsEnvelope, NotationEnvelopeFactory.Jws(Signer(), Claims()), Digest, 1234, ImageManifest);
        var cosign = artifact with { Manifest = Encoding.UTF8.GetBytes("{\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"layers\":[]}") };

        var verdict = Assert.Single(_verifier.Verify(cosign, new SignedSubject(Repository, Digest), NotationTestKit.Policy([_root], null), Now));

        Assert.False(verdict.Verified);
        Assert.StartsWith("not a Notation signature:", verdict.Reason, StringComparison.Ordinal);
    }
}
