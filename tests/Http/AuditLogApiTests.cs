using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Who may read which audit records, and Harbor's q, sort, paging and their errors on the listings.</summary>
public sealed class AuditLogApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    /// <summary>
    /// A user owning a project with one tag (pushed by the admin: owners may not push until project roles
    /// exist), and a library repository the admin pushed to.
    /// </summary>
    private async Task<(RegistryClient Owner, string OwnerName, string Project, long ProjectId, string OwnRepo, string LibraryRepo)> SeedAsync()
    {
        using var admin = factory.Admin();
        var ownerName = "owner" + Guid.NewGuid().ToString("N")[..8];
        var owner = await factory.NewUserAsync(ownerName);
        var project = HarborProjects.NewName("logs");
        var id = await HarborProjects.CreateAsync(owner, project, isPublic: true);
        var ownRepo = RegistryClient.UniqueRepo(project);
        var libraryRepo = RegistryClient.UniqueRepo();
        await admin.PushImageAsync(ownRepo, "v1");
        await admin.PushImageAsync(libraryRepo, "v1");
        return (owner, ownerName, project, id, ownRepo, libraryRepo);
    }

    [Fact]
    public async Task Project_logs_show_only_that_project_by_name_or_id()
    {
        var (owner, ownerName, project, id, ownRepo, libraryRepo) = await SeedAsync();
        using var _ = owner;
        using var admin = factory.Admin();
        await admin.PushImageAsync(libraryRepo, "v2");

        var byName = await AuditLogs.LinesAsync(factory, owner, $"/api/v2.0/projects/{project}/logs");
        var byId = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/projects/{id}/logs");
        var exts = await AuditLogs.ListAsync(factory, owner, $"/api/v2.0/projects/{project}/auditlog-exts");

        Assert.Equal([$"admin create artifact {ownRepo}:v1", $"{ownerName} create project {project}"], byName);
        Assert.Equal(byName, byId);
        Assert.Equal(byName, AuditLogs.Lines(exts));
        Assert.All(exts, e => Assert.True(e!["operation_result"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Project_logs_of_a_numeric_name_need_X_Is_Resource_Name()
    {
        using var admin = factory.Admin();
        var name = Random.Shared.NextInt64(9_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await HarborProjects.CreateAsync(admin, name, isPublic: false);

        var byName = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/projects/{name}/logs?page_size=1", configure: r => r.Headers.Add("X-Is-Resource-Name", "true"));
        using var asId = await admin.GetAsync($"/api/v2.0/projects/{name}/logs");

        Assert.Equal([$"admin create project {name}"], byName);
        await OciAssert.ErrorAsync(asId, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Project_logs_need_the_project_admin_401_anonymous_403_others_404_unknown()
    {
        var (owner, _, project, _, _, _) = await SeedAsync();
        using var _1 = owner;
        using var other = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();

        using var asOther = await other.GetAsync($"/api/v2.0/projects/{project}/logs");
        using var asAnonymous = await anonymous.GetAsync($"/api/v2.0/projects/{project}/logs");
        using var unknown = await owner.GetAsync("/api/v2.0/projects/no-such-project-x/logs");

        await OciAssert.ErrorAsync(asOther, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(asAnonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task System_logs_show_a_non_admin_only_the_projects_they_administer_as_harbor_does()
    {
        var (owner, _, _, _, ownRepo, libraryRepo) = await SeedAsync();
        using var _1 = owner;
        using var bystander = await factory.NewUserAsync();

        var asOwner = await AuditLogs.LinesAsync(factory, owner, "/api/v2.0/audit-logs?page_size=100");
        var asBystander = await AuditLogs.ListAsync(factory, bystander, "/api/v2.0/audit-logs");

        Assert.Contains(asOwner, l => l.EndsWith($" {ownRepo}:v1", StringComparison.Ordinal));
        Assert.DoesNotContain(asOwner, l => l.Contains(libraryRepo, StringComparison.Ordinal));
        Assert.Empty(asBystander);
    }

    [Fact]
    public async Task System_logs_need_a_signed_in_user_and_event_types_the_system_admin()
    {
        using var anonymous = factory.Anonymous();
        using var wrong = factory.Client("admin", "not-the-password");
        using var user = await factory.NewUserAsync();
        using var admin = factory.Admin();

        using var asAnonymous = await anonymous.GetAsync("/api/v2.0/audit-logs");
        using var withWrongPassword = await wrong.GetAsync("/api/v2.0/auditlog-exts");
        using var eventsAsUser = await user.GetAsync("/api/v2.0/auditlog-exts/events");
        using var eventsAsAdmin = await admin.GetAsync("/api/v2.0/auditlog-exts/events");

        await OciAssert.ErrorAsync(asAnonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(withWrongPassword, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(eventsAsUser, HttpStatusCode.Forbidden, "FORBIDDEN");
        OciAssert.Status(eventsAsAdmin, HttpStatusCode.OK);
        var types = (await RegistryClient.JsonAsync(eventsAsAdmin)).AsArray().Select(t => t!["event_type"]!.GetValue<string>());
        Assert.Contains("pull_artifact", types);
    }

    [Fact]
    public async Task Paging_sort_and_q_follow_harbor_with_total_and_link()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var image = await admin.PushImageAsync(repo, "a");
        await admin.PushManifestAsync(repo, "c", image.Manifest, image.MediaType);
        await admin.PushManifestAsync(repo, "b", image.Manifest, image.MediaType);
        await AuditLogs.FlushAsync(factory);
        var path = $"/api/v2.0/audit-logs?q=resource%3D~{repo}&sort=resource";

        using var first = await admin.GetAsync(path + "&page=1&page_size=2");
        using var second = await admin.GetAsync(path + "&page=2&page_size=2");

        Assert.Equal(
            [$"admin create artifact {repo}:a", $"admin create artifact {repo}:b"],
            AuditLogs.Lines((await RegistryClient.JsonAsync(first)).AsArray()));
        Assert.Equal([$"admin create artifact {repo}:c"], AuditLogs.Lines((await RegistryClient.JsonAsync(second)).AsArray()));
        Assert.Equal(("3", "3"), (OciAssert.Header(first, "X-Total-Count"), OciAssert.Header(second, "X-Total-Count")));
        Assert.Contains("page=2&page_size=2>; rel=\"next\"", OciAssert.Header(first, "Link"), StringComparison.Ordinal);
        Assert.Contains("page=1&page_size=2>; rel=\"prev\"", OciAssert.Header(second, "Link"), StringComparison.Ordinal);

        var newestFirst = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?q=resource%3D~{repo}");
        Assert.Equal([$"admin create artifact {repo}:b", $"admin create artifact {repo}:c", $"admin create artifact {repo}:a"], newestFirst);
        var since = DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var ranged = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?q=resource%3D{repo}:c,op_time%3D[{since}~]");
        Assert.Equal([$"admin create artifact {repo}:c"], ranged);
        var before = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?q=resource%3D~{repo},op_time%3D[~2001-01-01T00:00:00]");
        Assert.Empty(before);
    }

    [Theory]
    [InlineData("q=resource")]
    [InlineData("q=op_time%3D[yesterday~today]")]
    [InlineData("q=id%3D~3")]
    [InlineData("q=operation%3D{pull")]
    [InlineData("page=0")]
    [InlineData("page_size=101")]
    [InlineData("page=abc")]
    public async Task Malformed_query_is_400_and_records_nothing(string query)
    {
        using var admin = factory.Admin();
        var before = await TotalAsync(admin);

        using var system = await admin.GetAsync($"/api/v2.0/audit-logs?{query}");
        using var project = await admin.GetAsync($"/api/v2.0/projects/library/logs?{query}");

        await OciAssert.ErrorAsync(system, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(project, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await TotalAsync(admin));
    }

    private async Task<string> TotalAsync(RegistryClient admin)
    {
        await AuditLogs.FlushAsync(factory);
        using var response = await admin.GetAsync("/api/v2.0/audit-logs?page_size=1");
        OciAssert.Status(response, HttpStatusCode.OK);
        return OciAssert.Header(response, "X-Total-Count");
    }
}
