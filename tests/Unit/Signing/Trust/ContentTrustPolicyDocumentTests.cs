using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ArtifactKeeper.Signing.Trust;

namespace ArtifactKeeper.Tests.Unit.Signing.Trust;

public sealed class ContentTrustPolicyDocumentTests
{
    private const string NotationPolicy =
        """{"version":"1.0","trustPolicies":[{"name":"all","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:default"],"trustedIdentities":["*"]}]}""";

    private static readonly string KeyPem = NewKeyPem();

    private static string NewKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    private static string Normalize(string json)
    {
        Assert.True(ContentTrustPolicyDocument.TryNormalize(json, out var document, out var error), error);
        return document;
    }

    private static string Refusal(string json)
    {
        Assert.False(ContentTrustPolicyDocument.TryNormalize(json, out _, out var error));
        return error!;
    }

    private static string Cosign(object section) => new JsonObject { ["cosign"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(section)) }.ToJsonString();

    [Fact]
    public void Full_policy_round_trips_into_the_contract_records()
    {
        var json = new JsonObject
        {
            ["cosign"] = new JsonObject
            {
                ["enabled"] = true,
                ["public_keys"] = new JsonArray(KeyPem),
                ["keyless"] = new JsonArray(new JsonObject { ["issuer"] = "https://issuer.test", ["identity"] = "ci@example.com" },
                    new JsonObject { ["identity_regexp"] = "^https://github.com/org/.*$" }),
                ["trusted_root"] = new JsonObject { ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1", ["tlogs"] = new JsonArray() },
                ["unknown"] = 1,
            },
            ["notation"] = new JsonObject { ["enabled"] = false, ["trust_store"] = new JsonArray(), ["trust_policy"] = JsonNode.Parse(NotationPolicy) },
            ["extra"] = "ignored",
        }.ToJsonString();

        var document = Normalize(json);
        var policy = ContentTrustPolicyDocument.ToPolicy(document, 7);

        Assert.Equal(7, policy.Version);
        Assert.True(policy.Cosign.Enabled);
        Assert.Equal([KeyPem], policy.Cosign.PublicKeys);
        Assert.Equal(2, policy.Cosign.Keyless.Count);
        Assert.Equal(new ArtifactKeeper.Signing.KeylessIdentity("https://issuer.test", "ci@example.com", null), policy.Cosign.Keyless[0]);
        Assert.Equal("^https://github.com/org/.*$", policy.Cosign.Keyless[1].IdentityRegexp);
        Assert.Contains("trustedroot", policy.Cosign.TrustedRootJson, StringComparison.Ordinal);
        Assert.False(policy.Notation.Enabled);
        Assert.Contains("trustPolicies", policy.Notation.TrustPolicyJson, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", document, StringComparison.Ordinal);
        Assert.DoesNotContain("extra", document, StringComparison.Ordinal);
    }

    [Fact]
    public void A_present_section_is_enabled_unless_it_says_otherwise_and_an_absent_one_is_off()
    {
        var policy = ContentTrustPolicyDocument.ToPolicy(Normalize(Cosign(new { public_keys = new[] { KeyPem } })), 1);

        Assert.True(policy.Cosign.Enabled);
        Assert.False(policy.Notation.Enabled);
        Assert.Empty(policy.Notation.TrustStore);
    }

    [Fact]
    public void Empty_document_describes_no_trust()
    {
        var policy = ContentTrustPolicyDocument.ToPolicy(ContentTrustPolicyDocument.Empty, 0);

        Assert.Equal(ArtifactKeeper.Signing.ContentTrustPolicy.None.Cosign.Enabled, policy.Cosign.Enabled);
        Assert.Empty(policy.Cosign.PublicKeys);
        Assert.Null(policy.Cosign.TrustedRootJson);
        Assert.Equal(ContentTrustPolicyDocument.Empty, Normalize("{}"));
    }

    [Fact]
    public void Trusted_root_sent_as_a_string_is_kept_as_that_string()
    {
        const string root = """{ "mediaType": "x", "tlogs": [] }""";
        var document = Normalize(Cosign(new { trusted_root = root }));

        Assert.Equal(root, ContentTrustPolicyDocument.ToPolicy(document, 1).Cosign.TrustedRootJson);
        Assert.Equal(root, JsonNode.Parse(document)!["cosign"]!["trusted_root"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"cosign":[]}""", "cosign must be an object")]
    [InlineData("""{"notation":"x"}""", "notation must be an object")]
    [InlineData("""{"cosign":{"enabled":"yes"}}""", "cosign.enabled must be true or false")]
    [InlineData("""{"cosign":{"public_keys":"pem"}}""", "cosign.public_keys must be an array")]
    [InlineData("""{"cosign":{"public_keys":[1]}}""", "cosign.public_keys[0] must be a string")]
    [InlineData("""{"cosign":{"public_keys":["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"]}}""", "cosign.public_keys[0] is not a PEM public key")]
    [InlineData("""{"cosign":{"public_keys":["hello"]}}""", "cosign.public_keys[0] is not a PEM public key")]
    [InlineData("""{"cosign":{"keyless":{}}}""", "cosign.keyless must be an array")]
    [InlineData("""{"cosign":{"keyless":[{"issuer":"https://x"}]}}""", "cosign.keyless[0] needs an identity or an identity_regexp")]
    [InlineData("""{"cosign":{"keyless":[{"identity":""}]}}""", "cosign.keyless[0] needs an identity or an identity_regexp")]
    [InlineData("""{"cosign":{"keyless":[{"identity_regexp":"(unclosed"}]}}""", "cosign.keyless[0].identity_regexp is not a valid regular expression")]
    [InlineData("""{"cosign":{"keyless":[{"identity":5}]}}""", "cosign.keyless[0].identity must be a string")]
    [InlineData("""{"cosign":{"trusted_root":"{broken"}}""", "cosign.trusted_root must be a trusted_root.json document")]
    [InlineData("""{"cosign":{"trusted_root":[1]}}""", "cosign.trusted_root must be a trusted_root.json document")]
    [InlineData("""{"cosign":{"trusted_root":{"tlogs":[{}]}}}""", "cosign.trusted_root is not a usable trusted_root.json document")]
    [InlineData("""{"cosign":{"trusted_root":{"tlogs":[{"publicKey":{"rawBytes":"!!"}}]}}}""", "cosign.trusted_root is not a usable trusted_root.json document")]
    [InlineData("""{"notation":{"trust_policy":{"version":"1.0","trustPolicies":[]}}}""", "notation.trust_policy: ")]
    [InlineData("""{"notation":{"trust_store":["not a cert"]}}""", "notation.trust_store[0] is not a PEM certificate")]
    [InlineData("""{"notation":{"trust_policy":{"version":"1.0"}}}""", "notation.trust_policy must have a trustPolicies array")]
    [InlineData("""{"notation":{"trust_policy":"{nope"}}""", "notation.trust_policy must be a Notation trust policy document")]
    public void Malformed_input_is_refused_naming_the_field(string json, string expected)
    {
        Assert.Contains(expected, Refusal(json), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_in_the_notation_trust_store_is_accepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=notation test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var json = new JsonObject { ["notation"] = new JsonObject { ["trust_store"] = new JsonArray(certificate.ExportCertificatePem()) } }.ToJsonString();

        var policy = ContentTrustPolicyDocument.ToPolicy(Normalize(json), 3);

        Assert.True(policy.Notation.Enabled);
        Assert.Single(policy.Notation.TrustStore);
    }
}
