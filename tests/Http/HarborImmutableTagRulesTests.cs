using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's <c>/api/v2.0/projects/{p}/immutabletagrules</c> and the enforcement on <c>/v2</c>: Harbor-shaped rules,
/// 412 when a push would move an immutable tag or a delete would remove one.
/// </summary>
public sealed class HarborImmutableTagRulesTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string SemverRule = """
        {"tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v*.*.*"}],
         "scope_selectors":{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"**"}]},
         "priority":0,"action":"immutable","template":"immutable_template"}
        """;

    private static string Path(string project) => $"/api/v2.0/projects/{project}/immutabletagrules";

    private static string RuleJson(string tags, string repositories = "**", string tagDecoration = "matches", string repoDecoration = "repoMatches") =>
        new JsonObject
        {
            ["tag_selectors"] = new JsonArray(new JsonObject { ["kind"] = "doublestar", ["decoration"] = tagDecoration, ["pattern"] = tags }),
            ["scope_selectors"] = new JsonObject
            {
                ["repository"] = new JsonArray(new JsonObject { ["kind"] = "doublestar", ["decoration"] = repoDecoration, ["pattern"] = repositories }),
            },
        }.ToJsonString();

    private async Task<(RegistryClient Admin, string Project)> ProjectAsync(string? name = null)
    {
        var admin = factory.Admin();
        name ??= HarborProjects.NewName("imm");
        await HarborProjects.CreateAsync(admin, name, false);
        return (admin, name);
    }

    private static async Task<long> CreateRuleAsync(RegistryClient client, string project, string json)
    {
        using var response = await client.SendAsync(HttpMethod.Post, Path(project), HarborProjects.Json(json));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"rule POST got {(int)response.StatusCode}: {body}");
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Path(project) + "/", location, StringComparison.Ordinal);
        return long.Parse(location[(Path(project).Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<JsonArray> ListAsync(RegistryClient client, string project, string query = "")
    {
        using var response = await client.GetAsync(Path(project) + query);
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).AsArray();
    }

    [Fact]
    public async Task Harbor_flow_in_production_semver_tags_are_immutable_and_latest_keeps_moving()
    {
        var (admin, project) = await ProjectAsync("production");
        using var _ = admin;
        const string repository = "production/app";

        var ruleId = await CreateRuleAsync(admin, project, SemverRule);
        var rule = Assert.Single(await ListAsync(admin, project))!;
        Assert.Equal(ruleId, rule["id"]!.GetValue<long>());
        Assert.False(rule["disabled"]!.GetValue<bool>());
        Assert.Equal("immutable", rule["action"]!.GetValue<string>());
        Assert.Equal("immutable_template", rule["template"]!.GetValue<string>());
        Assert.Equal("v*.*.*", rule["tag_selectors"]![0]!["pattern"]!.GetValue<string>());
        Assert.Equal("repoMatches", rule["scope_selectors"]!["repository"]![0]!["decoration"]!.GetValue<string>());

        var release = await admin.PushImageAsync(repository, "v1.2.3");
        var first = await admin.PushImageAsync(repository, "latest");
        var rebuilt = await admin.PushImageAsync(repository, null);

        // The same content again is not a change; other content under v1.2.3 is refused, latest still moves.
        Assert.Equal(release.Digest, await admin.PushManifestAsync(repository, "v1.2.3", release.Manifest, release.MediaType));
        var refused = await OciAssert.ErrorAsync(
            await admin.PutManifestAsync(repository, "v1.2.3", rebuilt.Manifest, rebuilt.MediaType), HttpStatusCode.PreconditionFailed, "DENIED");
        Assert.Contains("'app:v1.2.3' configured as immutable", refused, StringComparison.Ordinal);
        Assert.Contains($"immutable rule {ruleId} (tags matches v*.*.*, repositories repoMatches **)", refused, StringComparison.Ordinal);
        Assert.Equal(rebuilt.Digest, await admin.PushManifestAsync(repository, "latest", rebuilt.Manifest, rebuilt.MediaType));
        Assert.NotEqual(first.Digest, rebuilt.Digest);

        // Neither the tag nor the artifact carrying it can be deleted.
        var tagDelete = await OciAssert.ErrorAsync(await admin.DeleteAsync($"/v2/{repository}/manifests/v1.2.3"), HttpStatusCode.PreconditionFailed, "DENIED");
        Assert.Contains("the tag v1.2.3 configured as immutable", tagDelete, StringComparison.Ordinal);
        Assert.Contains($"immutable rule {ruleId}", tagDelete, StringComparison.Ordinal);
        var artifactDelete = await OciAssert.ErrorAsync(
            await admin.DeleteAsync($"/v2/{repository}/manifests/{release.Digest}"), HttpStatusCode.PreconditionFailed, "DENIED");
        Assert.Contains($"immutable rule {ruleId}", artifactDelete, StringComparison.Ordinal);

        using (var pulled = await admin.GetAsync($"/v2/{repository}/manifests/v1.2.3"))
        {
            OciAssert.Status(pulled, HttpStatusCode.OK);
            Assert.Equal(release.Digest, OciAssert.Header(pulled, "Docker-Content-Digest"));
        }

        Assert.Equal(["latest", "v1.2.3"], await admin.TagsAsync(repository));

        // The artifact latest used to name has no immutable tag and can go.
        using (var deleted = await admin.DeleteAsync($"/v2/{repository}/manifests/{first.Digest}"))
        {
            OciAssert.Status(deleted, HttpStatusCode.Accepted);
        }

        var audit = await AuditLogs.LinesAsync(factory, admin, "/api/v2.0/audit-logs?page_size=100");
        Assert.Contains($"admin create immutable_rule production/immutabletagrules/{ruleId}", audit);
    }

    [Fact]
    public async Task Update_disable_and_delete_a_rule_take_effect_at_once()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/web";
        var id = await CreateRuleAsync(admin, project, RuleJson("stable"));
        var stable = await admin.PushImageAsync(repository, "stable");
        var next = await admin.PushImageAsync(repository, null);
        await OciAssert.ErrorAsync(await admin.PutManifestAsync(repository, "stable", next.Manifest, next.MediaType), HttpStatusCode.PreconditionFailed, "DENIED");

        var body = JsonNode.Parse(RuleJson("stable"))!.AsObject();
        body["id"] = id;
        body["disabled"] = true;
        using (var updated = await admin.SendAsync(HttpMethod.Put, $"{Path(project)}/{id}", HarborProjects.Json(body.ToJsonString())))
        {
            OciAssert.Status(updated, HttpStatusCode.OK);
        }

        Assert.True(Assert.Single(await ListAsync(admin, project))!["disabled"]!.GetValue<bool>());
        Assert.Equal(next.Digest, await admin.PushManifestAsync(repository, "stable", next.Manifest, next.MediaType));

        using (var reenabled = await admin.SendAsync(HttpMethod.Put, $"{Path(project)}/{id}", HarborProjects.Json(RuleJson("stable"))))
        {
            OciAssert.Status(reenabled, HttpStatusCode.OK);
        }

        await OciAssert.ErrorAsync(await admin.PutManifestAsync(repository, "stable", stable.Manifest, stable.MediaType), HttpStatusCode.PreconditionFailed, "DENIED");

        using (var deleted = await admin.DeleteAsync($"{Path(project)}/{id}"))
        {
            OciAssert.Status(deleted, HttpStatusCode.OK);
        }

        Assert.Empty(await ListAsync(admin, project));
        Assert.Equal(stable.Digest, await admin.PushManifestAsync(repository, "stable", stable.Manifest, stable.MediaType));
        var audit = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/projects/{project}/logs?page_size=100");
        Assert.Contains($"admin update immutable_rule {project}/immutabletagrules/{id}", audit);
        Assert.Contains($"admin delete immutable_rule {project}/immutabletagrules/{id}", audit);
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "{", "invalid JSON" },
        { "", "JSON request body is required" },
        { "[]", "invalid JSON" },
        { RuleJson("v*").Replace("\"tag_selectors\"", "\"priority\":\"high\",\"tag_selectors\"", StringComparison.Ordinal), "invalid JSON body at $.priority" },
        { RuleJson("v*").Replace("\"tag_selectors\"", "\"disabled\":\"yes\",\"tag_selectors\"", StringComparison.Ordinal), "invalid JSON body at $.disabled" },
        { RuleJson("v*").Replace("\"tag_selectors\"", "\"params\":3,\"tag_selectors\"", StringComparison.Ordinal), "params must be a JSON object" },
        { """{"tag_selectors":{"kind":"doublestar"},"scope_selectors":{}}""", "invalid JSON body at $.tag_selectors" },
        { """{"tag_selectors":[null],"scope_selectors":{}}""", "tag_selectors[0] must be a selector object" },
        { RuleJson("v[0-9"), "tag_selectors[0]: invalid pattern \"v[0-9\"" },
        { RuleJson("v*", "{app,web"), "scope_selectors.repository[0]: invalid pattern \"{app,web\"" },
        { RuleJson("v*", tagDecoration: "matching"), "tag_selectors[0]: unknown decoration \"matching\"" },
        { RuleJson("v*", repoDecoration: "nsMatches"), "scope_selectors.repository[0]: unknown decoration \"nsMatches\"" },
        { RuleJson("v*").Replace("doublestar", "regex", StringComparison.Ordinal), "unknown kind \"regex\"" },
        { RuleJson("").Replace("\"pattern\":\"\"", "\"pattern\":\"\"", StringComparison.Ordinal), "pattern is required" },
        { """{"tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v*"}]}""", "scope_selectors.repository is required" },
        { RuleJson("v*").Replace("\"tag_selectors\"", "\"action\":\"retain\",\"tag_selectors\"", StringComparison.Ordinal), "unknown action \"retain\"" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_with_bad_body_returns_400_and_changes_nothing(string body, string reason)
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;

        using var response = await admin.SendAsync(HttpMethod.Post, Path(project), HarborProjects.Json(body));

        var message = await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Empty(await ListAsync(admin, project));
    }

    [Fact]
    public async Task Unknown_project_rule_or_id_and_duplicates_get_Harbor_errors_and_change_nothing()
    {
        var (admin, project) = await ProjectAsync();
        var (_, other) = await ProjectAsync();
        using var _ = admin;
        var id = await CreateRuleAsync(admin, project, SemverRule);
        var foreign = await CreateRuleAsync(admin, other, RuleJson("x"));

        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, Path("nosuchproject"), HarborProjects.Json(SemverRule)), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.GetAsync(Path("999999")), HttpStatusCode.NotFound, "NOT_FOUND");
        var duplicate = await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, Path(project), HarborProjects.Json(SemverRule)), HttpStatusCode.Conflict, "CONFLICT");
        Assert.Contains($"rule {id}", duplicate, StringComparison.Ordinal);
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"{Path(project)}/{foreign}", HarborProjects.Json(RuleJson("y"))), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.DeleteAsync($"{Path(project)}/{foreign}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.DeleteAsync($"{Path(project)}/424242"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.DeleteAsync($"{Path(project)}/abc"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        var mismatch = JsonNode.Parse(RuleJson("z"))!.AsObject();
        mismatch["id"] = id + 1;
        var refused = await OciAssert.ErrorAsync(
            await admin.SendAsync(HttpMethod.Put, $"{Path(project)}/{id}", HarborProjects.Json(mismatch.ToJsonString())), HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Contains("doesn't match", refused, StringComparison.Ordinal);
        await OciAssert.ErrorAsync(
            await admin.SendAsync(HttpMethod.Put, $"{Path(project)}/{id}", HarborProjects.Json(RuleJson("v[", "**"))), HttpStatusCode.BadRequest, "BAD_REQUEST");

        Assert.Equal("v*.*.*", Assert.Single(await ListAsync(admin, project))!["tag_selectors"]![0]!["pattern"]!.GetValue<string>());
        Assert.Equal("x", Assert.Single(await ListAsync(admin, other))!["tag_selectors"]![0]!["pattern"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_pages_in_id_order_and_accepts_the_project_id()
    {
        var admin = factory.Admin();
        using var _ = admin;
        var project = HarborProjects.NewName("imm");
        var projectId = await HarborProjects.CreateAsync(admin, project, false);
        var ids = new List<long>();
        foreach (var pattern in new[] { "a*", "b*", "c*" })
        {
            ids.Add(await CreateRuleAsync(admin, projectId.ToString(System.Globalization.CultureInfo.InvariantCulture), RuleJson(pattern)));
        }

        using var response = await admin.GetAsync(Path(project) + "?page=1&page_size=2");
        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("3", OciAssert.Header(response, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(response, "Link"), StringComparison.Ordinal);
        var firstPage = (await RegistryClient.JsonAsync(response)).AsArray();
        var secondPage = await ListAsync(admin, project, "?page=2&page_size=2");
        Assert.Equal(ids, firstPage.Concat(secondPage).Select(r => r!["id"]!.GetValue<long>()));
        await OciAssert.ErrorAsync(await admin.GetAsync(Path(project) + "?page_size=0"), HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Project_admins_and_maintainers_manage_rules_developers_and_guests_may_not()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var maintainerName = "m" + Guid.NewGuid().ToString("N")[..10];
        var developerName = "d" + Guid.NewGuid().ToString("N")[..10];
        var guestName = "g" + Guid.NewGuid().ToString("N")[..10];
        using var maintainer = await factory.NewUserAsync(maintainerName);
        using var developer = await factory.NewUserAsync(developerName);
        using var guest = await factory.NewUserAsync(guestName);
        using var anonymous = factory.Anonymous();
        await HarborMembers.AddUserAsync(admin, project, maintainerName, 4);
        await HarborMembers.AddUserAsync(admin, project, developerName, 2);
        await HarborMembers.AddUserAsync(admin, project, guestName, 3);

        var id = await CreateRuleAsync(maintainer, project, SemverRule);
        Assert.Single(await ListAsync(maintainer, project));
        foreach (var refused in new[] { developer, guest })
        {
            await OciAssert.ErrorAsync(await refused.GetAsync(Path(project)), HttpStatusCode.Forbidden, "FORBIDDEN");
            await OciAssert.ErrorAsync(await refused.SendAsync(HttpMethod.Post, Path(project), HarborProjects.Json(RuleJson("x"))), HttpStatusCode.Forbidden, "FORBIDDEN");
            await OciAssert.ErrorAsync(await refused.DeleteAsync($"{Path(project)}/{id}"), HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        await OciAssert.ErrorAsync(await anonymous.GetAsync(Path(project)), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using (var deleted = await maintainer.DeleteAsync($"{Path(project)}/{id}"))
        {
            OciAssert.Status(deleted, HttpStatusCode.OK);
        }

        Assert.Empty(await ListAsync(admin, project));
    }
}
