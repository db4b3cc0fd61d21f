using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http.Scanning;

/// <summary>The system and project CVE allowlists and the bulk addition, in Harbor's shapes and permissions.</summary>
public sealed class CveAllowlistApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string System = "/api/v2.0/system/CVEAllowlist";
    private const string Bulk = "/api/v2.0/cve-allowlists/items";

    private static StringContent Json(string json) => HarborProjects.Json(json);

    private static async Task<JsonNode> GetSystemAsync(RegistryClient client)
    {
        using var response = await client.GetAsync(System);
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    private static async Task<JsonArray> ProjectItemsAsync(RegistryClient client, string project) =>
        (await HarborProjects.GetAsync(client, project))["cve_allowlist"]!["items"]!.AsArray();

    [Fact]
    public async Task System_allowlist_is_read_by_any_signed_in_caller_and_written_by_system_admins_only()
    {
        var admin = factory.Admin();
        var user = await factory.NewUserAsync();

        using var anonymous = await factory.Anonymous().GetAsync(System);
        using var forbidden = await user.SendAsync(HttpMethod.Put, System, Json("""{"items":[{"cve_id":"CVE-2000-1"}]}"""));
        using var anonymousPut = await factory.Anonymous().SendAsync(HttpMethod.Put, System, Json("""{"items":[]}"""));
        var seen = await GetSystemAsync(user);

        await OciAssert.ErrorAsync(anonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(forbidden, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(anonymousPut, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(0, seen["project_id"]!.GetValue<long>());
        Assert.DoesNotContain(seen["items"]!.AsArray(), i => i!["cve_id"]!.GetValue<string>() == "CVE-2000-1");
    }

    [Fact]
    public async Task Harbor_shaped_and_extended_entries_are_stored_with_creator_and_time_and_audited()
    {
        var admin = factory.Admin();
        var expires = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();

        using var put = await admin.SendAsync(HttpMethod.Put, System, Json(
            $$"""{"expires_at":{{expires + 3600}},"items":[{"cve_id":"CVE-2021-44228"},{"cve_id":"CVE-2023-38545","justification":"no SOCKS proxy","expires_at":{{expires}}}],"id":99,"unknown":1}"""));
        var list = await GetSystemAsync(await factory.NewUserAsync());
        var lines = await AuditLogs.LinesAsync(factory, admin, "/api/v2.0/audit-logs?q=resource_type%3Dcve_allowlist&page_size=100");

        OciAssert.Status(put, HttpStatusCode.OK);
        Assert.Equal(expires + 3600, list["expires_at"]!.GetValue<long>());
        var items = list["items"]!.AsArray();
        var bare = items.Single(i => i!["cve_id"]!.GetValue<string>() == "CVE-2021-44228")!.AsObject();
        var justified = items.Single(i => i!["cve_id"]!.GetValue<string>() == "CVE-2023-38545")!;
        Assert.False(bare.ContainsKey("justification"));
        Assert.Equal("admin", bare["created_by"]!.GetValue<string>());
        Assert.NotNull(bare["created_at"]);
        Assert.Equal("no SOCKS proxy", justified["justification"]!.GetValue<string>());
        Assert.Equal(expires, justified["expires_at"]!.GetValue<long>());
        Assert.Contains("admin update cve_allowlist system", lines);
    }

    [Theory]
    [InlineData("""{"items":[{"cve_id":"CVE-1"},{"cve_id":"cve-1"}]}""")]
    [InlineData("""{"items":[{"cve_id":""}]}""")]
    [InlineData("""{"items":[{"cve_id":"CVE-1","expires_at":"soon"}]}""")]
    [InlineData("""{"expires_at":-5,"items":[]}""")]
    [InlineData("""{"items":[null]}""")]
    [InlineData("not json")]
    public async Task Bad_system_allowlist_input_is_400_and_changes_nothing(string body)
    {
        var admin = factory.Admin();
        var before = (await GetSystemAsync(admin)).ToJsonString();

        using var response = await admin.SendAsync(HttpMethod.Put, System, Json(body));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, (await GetSystemAsync(admin)).ToJsonString());
    }

    [Fact]
    public async Task Project_cve_allowlist_is_set_on_create_and_update_and_shown_on_get()
    {
        var admin = factory.Admin();
        var project = HarborProjects.NewName("cve");

        using var created = await HarborProjects.CreateAsync(admin, new { project_name = project, cve_allowlist = new { items = new[] { new { cve_id = "CVE-2022-1" } } } });
        var afterCreate = await HarborProjects.GetAsync(admin, project);
        using var updated = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{project}", Json("""{"cve_allowlist":{"expires_at":4102444800,"items":[{"cve_id":"CVE-2022-1"},{"cve_id":"CVE-2022-2","justification":"test only"}]}}"""));
        var afterUpdate = await HarborProjects.GetAsync(admin, project);

        OciAssert.Status(created, HttpStatusCode.Created);
        Assert.Equal(afterCreate["project_id"]!.GetValue<long>(), afterCreate["cve_allowlist"]!["project_id"]!.GetValue<long>());
        Assert.Equal(["CVE-2022-1"], afterCreate["cve_allowlist"]!["items"]!.AsArray().Select(i => i!["cve_id"]!.GetValue<string>()));
        OciAssert.Status(updated, HttpStatusCode.OK);
        Assert.Equal(4102444800, afterUpdate["cve_allowlist"]!["expires_at"]!.GetValue<long>());
        Assert.Equal(["CVE-2022-1", "CVE-2022-2"], afterUpdate["cve_allowlist"]!["items"]!.AsArray().Select(i => i!["cve_id"]!.GetValue<string>()));
        Assert.Equal(
            afterCreate["cve_allowlist"]!["items"]![0]!["created_at"]!.GetValue<string>(),
            afterUpdate["cve_allowlist"]!["items"]![0]!["created_at"]!.GetValue<string>());
    }

    [Fact]
    public async Task Project_allowlist_changes_need_project_admin_and_bad_input_changes_nothing()
    {
        var admin = factory.Admin();
        var project = HarborProjects.NewName("cve");
        await HarborProjects.CreateAsync(admin, project, isPublic: true);
        var outsider = await factory.NewUserAsync();

        using var forbidden = await outsider.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{project}", Json("""{"cve_allowlist":{"items":[{"cve_id":"CVE-1"}]}}"""));
        using var bad = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{project}", Json("""{"metadata":{"auto_scan":"true"},"cve_allowlist":{"items":[{"cve_id":"A B"}]}}"""));
        var shown = await HarborProjects.GetAsync(admin, project);

        await OciAssert.ErrorAsync(forbidden, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(bad, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Empty(shown["cve_allowlist"]!["items"]!.AsArray());
        Assert.Null(shown["metadata"]!["auto_scan"]);
    }

    [Fact]
    public async Task Bulk_add_changes_every_named_project_or_none()
    {
        var admin = factory.Admin();
        var one = HarborProjects.NewName("bulk");
        var two = HarborProjects.NewName("bulk");
        var oneId = await HarborProjects.CreateAsync(admin, one, isPublic: false);
        await HarborProjects.CreateAsync(admin, two, isPublic: false);
        var username = "pa" + Guid.NewGuid().ToString("N")[..10];
        var projectAdmin = await factory.NewUserAsync(username);
        await HarborMembers.AddUserAsync(admin, one, username, 1);
        using (var existing = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{two}", Json("""{"cve_allowlist":{"items":[{"cve_id":"CVE-2019-1","justification":"old"}]}}""")))
        {
            OciAssert.Status(existing, HttpStatusCode.OK);
        }

        var body = $$"""{"projects":["{{one}}","{{two}}"],"items":[{"cve_id":"CVE-2024-7","justification":"bulk"},{"cve_id":"CVE-2019-1","justification":"renewed"}]}""";
        using var notAdminOfAll = await projectAdmin.SendAsync(HttpMethod.Post, Bulk, Json(body));
        using var unknown = await admin.SendAsync(HttpMethod.Post, Bulk, Json($$"""{"projects":[{{oneId}},"nope-{{Guid.NewGuid():N}}"],"items":[{"cve_id":"CVE-2024-7"}]}"""));
        using var empty = await admin.SendAsync(HttpMethod.Post, Bulk, Json($$"""{"projects":["{{one}}"],"items":[]}"""));
        var untouchedOne = await ProjectItemsAsync(admin, one);
        var untouchedTwo = await ProjectItemsAsync(admin, two);
        using var added = await admin.SendAsync(HttpMethod.Post, Bulk, Json(body));
        var itemsOne = await ProjectItemsAsync(admin, one);
        var itemsTwo = await ProjectItemsAsync(admin, two);

        await OciAssert.ErrorAsync(notAdminOfAll, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(empty, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Empty(untouchedOne);
        Assert.Single(untouchedTwo);
        OciAssert.Status(added, HttpStatusCode.OK);
        Assert.Equal(["CVE-2024-7", "CVE-2019-1"], itemsOne.Select(i => i!["cve_id"]!.GetValue<string>()));
        Assert.Equal(["CVE-2019-1", "CVE-2024-7"], itemsTwo.Select(i => i!["cve_id"]!.GetValue<string>()));
        Assert.Equal("renewed", itemsTwo[0]!["justification"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unscanned_artifacts_are_pulled_when_the_rule_is_Allow()
    {
        var admin = factory.Admin();
        var project = HarborProjects.NewName("vul");
        using (var created = await HarborProjects.CreateAsync(admin, new { project_name = project, metadata = new { prevent_vul = "true", severity = "none" } }))
        {
            OciAssert.Status(created, HttpStatusCode.Created);
        }

        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(project), "v1");

        using var pulled = await admin.GetAsync($"/v2/{image.Repository}/manifests/v1", r => r.Headers.Accept.ParseAdd(image.MediaType));

        OciAssert.Status(pulled, HttpStatusCode.OK);
    }
}
