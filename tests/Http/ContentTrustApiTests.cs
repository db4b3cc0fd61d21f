using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary><c>GET|PUT /api/v2.0/projects/{p}/content-trust</c>: roles, validation, versioning.</summary>
public sealed class ContentTrustApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string NotationPolicy =
        """{"version":"1.0","trustPolicies":[{"name":"all","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:default"],"trustedIdentities":["*"]}]}""";

    private static string PathOf(string project) => $"/api/v2.0/projects/{project}/content-trust";

    private static async Task<JsonNode> GetAsync(RegistryClient client, string project)
    {
        using var response = await client.GetAsync(PathOf(project));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await RegistryClient.JsonAsync(response);
    }

    private static Task<HttpResponseMessage> PutAsync(RegistryClient client, string project, string body) =>
        client.SendAsync(HttpMethod.Put, PathOf(project), HarborProjects.Json(body));

    private static async Task<string> ProjectAsync(RegistryClient admin)
    {
        var name = HarborProjects.NewName("ct");
        await HarborProjects.CreateAsync(admin, name, isPublic: false);
        return name;
    }

    private async Task<RegistryClient> MemberAsync(RegistryClient admin, string project, int roleId)
    {
        var username = "m" + Guid.NewGuid().ToString("N")[..12];
        var client = await factory.NewUserAsync(username);
        await HarborMembers.AddUserAsync(admin, project, username, roleId);
        return client;
    }

    [Fact]
    public async Task Get_without_a_policy_answers_version_0_and_nothing_trusted()
    {
        using var admin = factory.Admin();
        var project = await ProjectAsync(admin);

        var policy = await GetAsync(admin, project);

        Assert.Equal(0, policy["version"]!.GetValue<long>());
        Assert.False(policy["cosign"]!["enabled"]!.GetValue<bool>());
        Assert.Empty(policy["cosign"]!["public_keys"]!.AsArray());
        Assert.False(policy["notation"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Put_stores_the_policy_bumps_the_version_and_keeps_the_trusted_root_as_sent()
    {
        using var admin = factory.Admin();
        var project = await ProjectAsync(admin);
        using var key = CosignSignatures.NewKey();
        var pem = key.ExportSubjectPublicKeyInfoPem();
        var body = new JsonObject
        {
            ["cosign"] = new JsonObject
            {
                ["enabled"] = true,
                ["public_keys"] = new JsonArray(pem),
                ["keyless"] = new JsonArray(new JsonObject { ["issuer"] = "https://token.actions.githubusercontent.com", ["identity_regexp"] = "^https://github.com/org/" }),
                ["trusted_root"] = new JsonObject { ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1", ["tlogs"] = new JsonArray() },
            },
            ["notation"] = new JsonObject { ["enabled"] = false, ["trust_policy"] = JsonNode.Parse(NotationPolicy) },
            ["version"] = 99,
        }.ToJsonString();

        using (var first = await PutAsync(admin, project, body))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(1, (await RegistryClient.JsonAsync(first))["version"]!.GetValue<long>());
        }

        using (var second = await PutAsync(admin, project, body))
        {
            Assert.Equal(2, (await RegistryClient.JsonAsync(second))["version"]!.GetValue<long>());
        }

        var stored = await GetAsync(admin, project);
        Assert.Equal(2, stored["version"]!.GetValue<long>());
        Assert.Equal(pem, stored["cosign"]!["public_keys"]![0]!.GetValue<string>());
        Assert.Equal("^https://github.com/org/", stored["cosign"]!["keyless"]![0]!["identity_regexp"]!.GetValue<string>());
        Assert.Equal("application/vnd.dev.sigstore.trustedroot+json;version=0.1", stored["cosign"]!["trusted_root"]!["mediaType"]!.GetValue<string>());
        Assert.Equal("1.0", stored["notation"]!["trust_policy"]!["version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"cosign":{"public_keys":["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"]}}""", "cosign.public_keys[0] is not a PEM public key")]
    [InlineData("""{"cosign":{"keyless":[{"identity_regexp":"([a-z"}]}}""", "cosign.keyless[0].identity_regexp is not a valid regular expression")]
    [InlineData("""{"cosign":{"keyless":[{"issuer":"https://accounts.google.com"}]}}""", "cosign.keyless[0] needs an identity or an identity_regexp")]
    [InlineData("""{"cosign":{"trusted_root":"{not json"}}""", "cosign.trusted_root must be a trusted_root.json document")]
    [InlineData("""{"notation":{"trust_policy":{"version":"1.0"}}}""", "notation.trust_policy must have a trustPolicies array")]
    [InlineData("""{"cosign":{"enabled":"yes"}}""", "cosign.enabled must be true or false")]
    [InlineData("""{"cosign":""", "not valid JSON")]
    public async Task Bad_input_is_400_with_the_reason_and_changes_nothing(string body, string reason)
    {
        using var admin = factory.Admin();
        var project = await ProjectAsync(admin);
        using var key = CosignSignatures.NewKey();
        await CosignSignatures.TrustAsync(admin, project, key);

        using var response = await PutAsync(admin, project, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await RegistryClient.JsonAsync(response))["errors"]![0]!;
        Assert.Equal("BAD_REQUEST", error["code"]!.GetValue<string>());
        Assert.Contains(reason, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = await GetAsync(admin, project);
        Assert.Equal(1, stored["version"]!.GetValue<long>());
        Assert.Equal(key.ExportSubjectPublicKeyInfoPem(), stored["cosign"]!["public_keys"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1, HttpStatusCode.OK)]
    [InlineData(4, HttpStatusCode.Forbidden)]
    [InlineData(2, HttpStatusCode.Forbidden)]
    [InlineData(3, HttpStatusCode.Forbidden)]
    public async Task Only_project_admins_change_the_policy_and_every_member_reads_it(int roleId, HttpStatusCode put)
    {
        using var admin = factory.Admin();
        var project = await ProjectAsync(admin);
        using var member = await MemberAsync(admin, project, roleId);

        using var response = await PutAsync(member, project, """{"cosign":{"enabled":false}}""");
        var read = await GetAsync(member, project);

        Assert.Equal(put, response.StatusCode);
        Assert.Equal(put == HttpStatusCode.OK ? 1 : 0, read["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_strangers_403()
    {
        using var admin = factory.Admin();
        var project = await ProjectAsync(admin);
        using var anonymous = factory.Anonymous();
        using var stranger = await factory.NewUserAsync();

        using var anonymousGet = await anonymous.GetAsync(PathOf(project));
        using var strangerPut = await PutAsync(stranger, project, "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousGet.StatusCode);
        Assert.True(strangerPut.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"got {(int)strangerPut.StatusCode}");
        Assert.Equal(0, (await GetAsync(admin, project))["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_project_is_404()
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync(PathOf(HarborProjects.NewName("none")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
