using System.Security.Cryptography.X509Certificates;
using ArtifactKeeper.Signing;
using ArtifactKeeper.Signing.Notation;
using static ArtifactKeeper.Tests.Signing.Notation.NotationTestKit;

namespace ArtifactKeeper.Tests.Signing.Notation;

public sealed class NotationTrustValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly X509Certificate2 _root = NotationPki.Root("CN=Root, O=Acme, ST=WA, C=US", Now.AddYears(-1), Now.AddYears(1));

    public void Dispose() => _root.Dispose();

    private NotationTrust Trust(string? policy, params string[] extraPems) =>
        new(true, [_root.ExportCertificatePem(), .. extraPems], policy);

    [Fact]
    public void Pem_trust_store_without_a_policy_is_valid()
    {
        Assert.Null(NotationTrustValidator.Validate(Trust(null)));
        Assert.Null(NotationTrustValidator.Validate(Trust(PolicyJson(stores: ["ca:a", "tsa:b"], identities: ["x509.subject: C=US, ST=WA, O=Acme, CN=x"], verifyTimestamp: "afterCertExpiry"))));
    }

    [Fact]
    public void Disabled_and_empty_trust_is_valid()
    {
        Assert.Null(NotationTrustValidator.Validate(NotationTrust.None));
    }

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----")]
    public void Trust_store_entry_that_is_not_a_pem_certificate_is_named(string pem)
    {
        var error = NotationTrustValidator.Validate(Trust(null, pem));

        Assert.NotNull(error);
        Assert.StartsWith("notation.trust_store: trust store entry 2 ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Enabled_trust_with_an_empty_store_is_refused()
    {
        var error = NotationTrustValidator.Validate(new NotationTrust(true, [], null));

        Assert.Equal("notation.trust_store is empty, so no Notation signature can verify; add the signers' root certificates", error);
    }

    [Theory]
    [InlineData("{", "not well-formed JSON")]
    [InlineData("42", "must be a JSON object")]
    [InlineData("""{"version":"2.0","trustPolicies":[]}""", "version \"2.0\" is not supported")]
    [InlineData("""{"version":"1.0"}""", "no 'trustPolicies' array")]
    [InlineData("""{"version":"1.0","trustPolicies":[]}""", "has no statements")]
    [InlineData("""{"trustPolicies":[{"registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "has no name")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"paranoid"},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "verification level 'paranoid'")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*","r.io/p/n"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "cannot be combined with other scopes")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["app"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "must be '*' or '<registry>/<repository>'")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["r.io/p/n"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["*"]},{"name":"b","registryScopes":["r.io/p/n"],"signatureVerification":{"level":"audit"},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "appears in more than one")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["*"]},{"name":"a","registryScopes":["r.io/p/n"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "is used twice")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict","override":{"integrity":"log"}},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "integrity check cannot be overridden")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict","override":{"authenticity":"skip"}},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "authenticity check cannot be skipped")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict","override":{"expiry":"maybe"}},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "must be enforce, log or skip")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict","verifyTimestamp":"never"},"trustStores":["ca:a"],"trustedIdentities":["*"]}]}""", "verifyTimestamp \"never\"")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustedIdentities":["*"]}]}""", "needs 'trustStores'")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["x509:a"],"trustedIdentities":["*"]}]}""", "trust store 'x509:a'")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"]}]}""", "needs 'trustedIdentities'")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["*","x509.subject: C=US, ST=WA, O=A"]}]}""", "wildcard identity '*' cannot be combined")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["email: a@b.c"]}]}""", "must be '*' or start with 'x509.subject:'")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["x509.subject: C=US, ST=WA, CN=x"]}]}""", "must name at least C, ST and O (missing O)")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:a"],"trustedIdentities":["x509.subject: C=US, C=CA, ST=WA, O=A"]}]}""", "attribute 'C' appears twice")]
    [InlineData("""{"trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"skip"},"trustStores":["ca:a"]}]}""", "must not name trust stores")]
    public void Malformed_trust_policy_is_refused_with_what_is_wrong(string policy, string expected)
    {
        var error = NotationTrustValidator.Validate(Trust(policy));

        Assert.NotNull(error);
        Assert.StartsWith("notation.trust_policy: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bare_trust_policies_array_and_unknown_fields_are_accepted()
    {
        const string policy = """[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"audit","future":1},"trustStores":["ca:a"],"trustedIdentities":["*"],"extra":true}]""";

        var document = NotationTrustPolicyParser.TryParse(policy, out var error);

        Assert.Null(error);
        Assert.Equal(NotationVerificationLevel.Audit, Assert.Single(document!.Statements).Level);
    }

    [Theory]
    [InlineData("strict", NotationCheck.Authenticity, NotationAction.Enforce)]
    [InlineData("strict", NotationCheck.Expiry, NotationAction.Enforce)]
    [InlineData("permissive", NotationCheck.Authenticity, NotationAction.Enforce)]
    [InlineData("permissive", NotationCheck.AuthenticTimestamp, NotationAction.Log)]
    [InlineData("permissive", NotationCheck.Expiry, NotationAction.Log)]
    [InlineData("audit", NotationCheck.Integrity, NotationAction.Enforce)]
    [InlineData("audit", NotationCheck.Authenticity, NotationAction.Log)]
    [InlineData("audit", NotationCheck.Revocation, NotationAction.Log)]
    [InlineData("skip", NotationCheck.Integrity, NotationAction.Skip)]
    public void Levels_act_on_each_check_as_notation_defines(string level, NotationCheck check, NotationAction expected)
    {
        var statement = Assert.Single(NotationTrustPolicyParser.TryParse(PolicyJson(level: level), out _)!.Statements);

        Assert.Equal(expected, statement.ActionFor(check));
    }

    [Theory]
    [InlineData("registry.example.com/prod/app", "prod/app", true)]
    [InlineData("localhost:5000/prod/app", "prod/app", true)]
    [InlineData("localhost/prod/app", "prod/app", true)]
    [InlineData("prod/app", "prod/app", true)]
    [InlineData("registry.example.com/prod/app", "prod/app/sub", false)]
    [InlineData("registry.example.com/prod/app", "Prod/app", false)]
    [InlineData("*", "prod/app", false)]
    public void Scope_matches_the_repository_ignoring_the_registry_host(string scope, string repository, bool matches)
    {
        Assert.Equal(matches, NotationTrustPolicyDocument.ScopeMatches(scope, repository));
    }

    [Fact]
    public void Distinguished_name_parses_escapes_and_aliases_and_matches_as_a_subset()
    {
        var identity = DistinguishedName.TryParse(@"C=US, S=WA, O=Acme\, Inc., CN=builder", out var error)!;
        using var certificate = NotationPki.Root(@"CN=builder, OU=CI, O=""Acme, Inc."", ST=WA, C=US", Now, Now.AddDays(1));

        Assert.Null(error);
        Assert.Equal("Acme, Inc.", identity["O"]);
        Assert.Equal("WA", identity["ST"]);
        Assert.True(identity.IsSubsetOf(DistinguishedName.FromX500(certificate.SubjectName)));
        Assert.False(DistinguishedName.TryParse("C=US, OU=Other", out _)!.IsSubsetOf(DistinguishedName.FromX500(certificate.SubjectName)));
        Assert.Null(DistinguishedName.TryParse("C=US, =x", out var bad));
        Assert.Contains("not an attribute=value pair", bad, StringComparison.Ordinal);
    }
}
