using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's /api/v2.0/labels: every endpoint, who may use it, its refusals, and that a refusal changes nothing.</summary>
public sealed class HarborLabelsApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const int ProjectAdmin = 1, Developer = 2, Guest = 3, Maintainer = 4, LimitedGuest = 5;

    private async Task<(string Name, long Id)> ProjectAsync(bool isPublic = false)
    {
        var name = HarborProjects.NewName();
        using var admin = factory.Admin();
        return (name, await HarborProjects.CreateAsync(admin, name, isPublic));
    }

    /// <summary>A signed-in user holding <paramref name="roleId"/> in <paramref name="project"/> (0: no membership).</summary>
    private async Task<RegistryClient> MemberAsync(string project, int roleId)
    {
        var username = HarborUsers.NewName();
        var client = await factory.NewUserAsync(username);
        if (roleId != 0)
        {
            using var admin = factory.Admin();
            await HarborMembers.AddUserAsync(admin, project, username, roleId);
        }

        return client;
    }

    [Fact]
    public async Task Create_global_label_answers_201_with_location_and_get_returns_harbor_fields()
    {
        using var admin = factory.Admin();
        var name = HarborLabels.NewName();

        using var response = await HarborLabels.PostAsync(admin, new { name, description = "shipped é", color = "#61717D", scope = "g" });

        OciAssert.Status(response, HttpStatusCode.Created);
        var location = response.Headers.Location!.ToString();
        Assert.Matches("^/api/v2.0/labels/[0-9]+$", location);
        var id = long.Parse(location[(location.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var label = (await HarborLabels.GetAsync(admin, id)).AsObject();
        Assert.Equal(id, label["id"]!.GetValue<long>());
        Assert.Equal(name, label["name"]!.GetValue<string>());
        Assert.Equal("shipped é", label["description"]!.GetValue<string>());
        Assert.Equal("#61717D", label["color"]!.GetValue<string>());
        Assert.Equal("g", label["scope"]!.GetValue<string>());
        Assert.Equal(0, label["project_id"]!.GetValue<long>());
        Assert.True(DateTime.UtcNow - label["creation_time"]!.GetValue<DateTime>() < TimeSpan.FromDays(1));
        Assert.Equal(label["creation_time"]!.GetValue<DateTime>(), label["update_time"]!.GetValue<DateTime>());
        Assert.Equal(
            ["color", "creation_time", "description", "id", "name", "project_id", "scope", "update_time"],
            label.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ProjectAdmin)]
    [InlineData(Maintainer)]
    public async Task Create_project_label_is_allowed_to_project_admins_and_maintainers(int roleId)
    {
        var (project, projectId) = await ProjectAsync();
        using var member = await MemberAsync(project, roleId);

        var id = await HarborLabels.CreateProjectAsync(member, projectId);

        var label = await HarborLabels.GetAsync(member, id);
        Assert.Equal("p", label["scope"]!.GetValue<string>());
        Assert.Equal(projectId, label["project_id"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(Developer)]
    [InlineData(Guest)]
    [InlineData(LimitedGuest)]
    [InlineData(0)]
    public async Task Create_project_label_by_other_roles_is_403_and_creates_nothing(int roleId)
    {
        var (project, projectId) = await ProjectAsync();
        using var member = await MemberAsync(project, roleId);
        var before = await HarborLabels.StoredAsync(factory);

        using var response = await HarborLabels.PostAsync(member, new { name = HarborLabels.NewName(), scope = "p", project_id = projectId });

        await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(before, await HarborLabels.StoredAsync(factory));
    }

    [Fact]
    public async Task Create_global_label_is_for_the_system_admin_only()
    {
        var (project, projectId) = await ProjectAsync();
        using var projectAdmin = await MemberAsync(project, ProjectAdmin);
        using var anonymous = factory.Anonymous();
        using var wrongPassword = factory.Client("admin", "wrong-password-1");
        var before = await HarborLabels.StoredAsync(factory);

        using var byProjectAdmin = await HarborLabels.PostAsync(projectAdmin, new { name = HarborLabels.NewName(), scope = "g" });
        using var byAnonymous = await HarborLabels.PostAsync(anonymous, new { name = HarborLabels.NewName(), scope = "g" });
        using var byAnonymousInProject = await HarborLabels.PostAsync(anonymous, new { name = HarborLabels.NewName(), scope = "p", project_id = projectId });
        using var withBadCredentials = await HarborLabels.PostAsync(wrongPassword, new { name = HarborLabels.NewName(), scope = "g" });

        await OciAssert.ErrorAsync(byProjectAdmin, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(byAnonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(byAnonymousInProject, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(withBadCredentials, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(before, await HarborLabels.StoredAsync(factory));
    }

    [Fact]
    public async Task A_system_robot_manages_global_labels_only_with_the_system_label_permission_granted()
    {
        using var admin = factory.Admin();
        var granted = await HarborRobots.CreateAsync(admin, SystemRobot(HarborRobots.NewName(), "label", "create", "delete"));
        var other = await HarborRobots.CreateAsync(admin, SystemRobot(HarborRobots.NewName(), "project", "create"));
        using var robot = factory.Client(granted.Name, granted.Secret);
        using var otherRobot = factory.Client(other.Name, other.Secret);

        var id = await HarborLabels.CreateAsync(robot, new { name = HarborLabels.NewName(), scope = "g" });
        using var refused = await HarborLabels.PostAsync(otherRobot, new { name = HarborLabels.NewName(), scope = "g" });
        using var readByRobot = await robot.GetAsync("/api/v2.0/labels/" + HarborLabels.Id(id));
        using var deleted = await robot.DeleteAsync("/api/v2.0/labels/" + HarborLabels.Id(id));

        await OciAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(readByRobot, HttpStatusCode.Forbidden, "FORBIDDEN");
        OciAssert.Status(deleted, HttpStatusCode.OK);
        Assert.DoesNotContain(await HarborLabels.StoredAsync(factory), l => l.LabelId == id);
    }

    private static object SystemRobot(string name, string resource, params string[] actions) =>
        new
        {
            name,
            duration = -1,
            level = "system",
            permissions = new object[] { new { kind = "system", @namespace = "/", access = actions.Select(a => HarborRobots.Access(resource, a)).ToArray() } },
        };

    [Fact]
    public async Task Create_with_a_name_taken_in_the_same_scope_is_409_and_other_scopes_may_reuse_it()
    {
        using var admin = factory.Admin();
        var (_, lib) = await ProjectAsync();
        var (_, team) = await ProjectAsync();
        var name = HarborLabels.NewName();
        var global = await HarborLabels.CreateGlobalAsync(admin, name);
        await HarborLabels.CreateProjectAsync(admin, lib, name);

        using var againGlobal = await HarborLabels.PostAsync(admin, new { name, scope = "g", description = "second" });
        using var againProject = await HarborLabels.PostAsync(admin, new { name, scope = "p", project_id = lib });

        await OciAssert.ErrorAsync(againGlobal, HttpStatusCode.Conflict, "CONFLICT");
        await OciAssert.ErrorAsync(againProject, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal("global", (await HarborLabels.GetAsync(admin, global))["description"]!.GetValue<string>());
        await HarborLabels.CreateProjectAsync(admin, team, name);
        Assert.Equal(3, (await HarborLabels.StoredAsync(factory)).Count(l => l.Name == name));
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"name\":5,\"scope\":\"g\"}")]
    [InlineData("{\"name\":\"NAME\",\"scope\":\"p\",\"project_id\":\"PROJECT\"}")]
    [InlineData("{\"name\":\"NAME\",\"scope\":\"g\",\"color\":7}")]
    [InlineData("{\"name\":\"\",\"scope\":\"g\"}")]
    [InlineData("{\"scope\":\"g\"}")]
    [InlineData("{\"name\":\"LONG\",\"scope\":\"g\"}")]
    [InlineData("{\"name\":\"NAME\",\"scope\":\"g\",\"color\":\"red\"}")]
    [InlineData("{\"name\":\"NAME\",\"scope\":\"g\",\"color\":\"#1234567\"}")]
    [InlineData("{\"name\":\"NAME\",\"scope\":\"p\"}")]
    [InlineData("{\"name\":\"NAME\",\"scope\":\"p\",\"project_id\":0}")]
    [InlineData("{\"name\":\"NAME\",\"scope\":\"g\",\"project_id\":PROJECT}")]
    [InlineData("{\"name\":\"NAME\"}")]
    [InlineData("{\"name\":\"NAME\",\"scope\":\"x\"}")]
    public async Task Create_with_bad_input_is_400_and_creates_nothing(string template)
    {
        using var admin = factory.Admin();
        var (_, projectId) = await ProjectAsync();
        var body = template
            .Replace("NAME", HarborLabels.NewName(), StringComparison.Ordinal)
            .Replace("LONG", new string('x', 129), StringComparison.Ordinal)
            .Replace("PROJECT", HarborLabels.Id(projectId), StringComparison.Ordinal);
        var before = await HarborLabels.StoredAsync(factory);

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/labels", HarborProjects.Json(body));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await HarborLabels.StoredAsync(factory));
    }

    [Fact]
    public async Task Create_accepts_a_128_byte_name_and_ignores_unknown_fields()
    {
        using var admin = factory.Admin();
        var name = HarborLabels.NewName() + new string('x', 128 - 16);

        var id = await HarborLabels.CreateAsync(admin, new { name, scope = "g", deleted = false, whatever = new[] { 1 } });

        Assert.Equal(128, name.Length);
        Assert.Equal(name, (await HarborLabels.GetAsync(admin, id))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_project_label_of_an_unknown_project_is_404()
    {
        using var admin = factory.Admin();

        using var response = await HarborLabels.PostAsync(admin, new { name = HarborLabels.NewName(), scope = "p", project_id = 987654321 });

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task List_project_labels_pages_with_total_and_link_and_filters_by_name()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var prefix = HarborLabels.NewName();
        foreach (var suffix in new[] { "-a", "-b", "-c" })
        {
            await HarborLabels.CreateProjectAsync(admin, projectId, prefix + suffix);
        }

        await HarborLabels.CreateProjectAsync(admin, projectId, "other-" + Guid.NewGuid().ToString("N")[..8]);
        using var guest = await MemberAsync(project, Guest);

        using var first = await guest.GetAsync($"/api/v2.0/labels?scope=p&project_id={projectId}&page=1&page_size=2");
        OciAssert.Status(first, HttpStatusCode.OK);
        Assert.Equal("4", OciAssert.Header(first, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(first, "Link"), StringComparison.Ordinal);
        Assert.Equal([prefix + "-a", prefix + "-b"], (await RegistryClient.JsonAsync(first)).AsArray().Select(l => l!["name"]!.GetValue<string>()));

        using var byName = await guest.GetAsync($"/api/v2.0/labels?scope=p&project_id={projectId}&name={prefix[6..]}");
        Assert.Equal("3", OciAssert.Header(byName, "X-Total-Count"));

        using var byQ = await guest.GetAsync($"/api/v2.0/labels?scope=p&project_id={projectId}&q=name%3D{prefix}-c&sort=-name");
        Assert.Equal(prefix + "-c", Assert.Single((await RegistryClient.JsonAsync(byQ)).AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_global_labels_is_open_to_everyone_and_never_lists_project_labels()
    {
        using var admin = factory.Admin();
        var (_, projectId) = await ProjectAsync();
        var name = HarborLabels.NewName();
        var global = await HarborLabels.CreateGlobalAsync(admin, name);
        await HarborLabels.CreateProjectAsync(admin, projectId, name);
        using var user = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();

        foreach (var client in new[] { user, anonymous })
        {
            using var response = await client.GetAsync($"/api/v2.0/labels?scope=g&name={name}");
            OciAssert.Status(response, HttpStatusCode.OK);
            var label = Assert.Single((await RegistryClient.JsonAsync(response)).AsArray())!;
            Assert.Equal(global, label["id"]!.GetValue<long>());
            Assert.Equal("g", label["scope"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("/api/v2.0/labels")]
    [InlineData("/api/v2.0/labels?scope=x")]
    [InlineData("/api/v2.0/labels?scope=p")]
    [InlineData("/api/v2.0/labels?scope=p&project_id=0")]
    [InlineData("/api/v2.0/labels?scope=p&project_id=abc")]
    [InlineData("/api/v2.0/labels?scope=g&page=0")]
    [InlineData("/api/v2.0/labels?scope=g&page_size=101")]
    [InlineData("/api/v2.0/labels?scope=g&q=name")]
    [InlineData("/api/v2.0/labels?scope=g&q=id%3D~1")]
    public async Task List_with_bad_parameters_is_400(string path)
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync(path);

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task List_project_labels_follows_the_role_matrix()
    {
        var (project, projectId) = await ProjectAsync();
        using var limitedGuest = await MemberAsync(project, LimitedGuest);
        using var outsider = await MemberAsync(project, 0);
        using var anonymous = factory.Anonymous();
        var path = $"/api/v2.0/labels?scope=p&project_id={projectId}";

        using var byLimitedGuest = await limitedGuest.GetAsync(path);
        using var byOutsider = await outsider.GetAsync(path);
        using var byAnonymous = await anonymous.GetAsync(path);
        using var unknownProject = await factory.Admin().GetAsync("/api/v2.0/labels?scope=p&project_id=987654321");

        await OciAssert.ErrorAsync(byLimitedGuest, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(byOutsider, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(byAnonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(unknownProject, HttpStatusCode.NotFound, "NOT_FOUND");

        var (publicProject, publicId) = await ProjectAsync(isPublic: true);
        using var admin = factory.Admin();
        await HarborLabels.CreateProjectAsync(admin, publicId);
        using var publicList = await anonymous.GetAsync($"/api/v2.0/labels?scope=p&project_id={publicId}");
        OciAssert.Status(publicList, HttpStatusCode.OK);
        Assert.Single((await RegistryClient.JsonAsync(publicList)).AsArray());
        Assert.NotNull(publicProject);
    }

    [Fact]
    public async Task Get_follows_harbor_global_labels_for_admins_project_labels_for_members()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var global = await HarborLabels.CreateGlobalAsync(admin);
        var local = await HarborLabels.CreateProjectAsync(admin, projectId);
        using var guest = await MemberAsync(project, Guest);
        using var outsider = await MemberAsync(project, 0);

        Assert.Equal(local, (await HarborLabels.GetAsync(guest, local))["id"]!.GetValue<long>());
        using var globalByGuest = await guest.GetAsync("/api/v2.0/labels/" + HarborLabels.Id(global));
        using var localByOutsider = await outsider.GetAsync("/api/v2.0/labels/" + HarborLabels.Id(local));
        using var unknown = await admin.GetAsync("/api/v2.0/labels/987654321");
        using var badId = await admin.GetAsync("/api/v2.0/labels/abc");

        await OciAssert.ErrorAsync(globalByGuest, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(localByOutsider, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(badId, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Update_replaces_name_description_and_color_and_keeps_scope_and_project()
    {
        var (project, projectId) = await ProjectAsync();
        using var maintainer = await MemberAsync(project, Maintainer);
        var id = await HarborLabels.CreateProjectAsync(maintainer, projectId);
        var created = await HarborLabels.GetAsync(maintainer, id);
        var name = HarborLabels.NewName();

        using var response = await maintainer.SendAsync(
            HttpMethod.Put, "/api/v2.0/labels/" + HarborLabels.Id(id), JsonContent.Create(new { name, description = "new", color = "#000", scope = "g", project_id = 0 }));

        OciAssert.Status(response, HttpStatusCode.OK);
        var label = await HarborLabels.GetAsync(maintainer, id);
        Assert.Equal((name, "new", "#000", "p", projectId), (label["name"]!.GetValue<string>(), label["description"]!.GetValue<string>(),
            label["color"]!.GetValue<string>(), label["scope"]!.GetValue<string>(), label["project_id"]!.GetValue<long>()));
        Assert.Equal(created["creation_time"]!.GetValue<DateTime>(), label["creation_time"]!.GetValue<DateTime>());
        Assert.True(label["update_time"]!.GetValue<DateTime>() >= created["update_time"]!.GetValue<DateTime>());
    }

    [Theory]
    [InlineData("{\"name\":", HttpStatusCode.BadRequest)]
    [InlineData("{\"name\":3}", HttpStatusCode.BadRequest)]
    [InlineData("{\"name\":\"\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"description\":\"no name\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"name\":\"NAME\",\"color\":\"blue\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"name\":\"TAKEN\"}", HttpStatusCode.Conflict)]
    public async Task Update_with_bad_input_or_a_taken_name_is_refused_and_changes_nothing(string template, HttpStatusCode status)
    {
        using var admin = factory.Admin();
        var (_, projectId) = await ProjectAsync();
        var taken = HarborLabels.NewName();
        await HarborLabels.CreateProjectAsync(admin, projectId, taken);
        var id = await HarborLabels.CreateProjectAsync(admin, projectId);
        var before = await HarborLabels.StoredAsync(factory);
        var body = template.Replace("NAME", HarborLabels.NewName(), StringComparison.Ordinal).Replace("TAKEN", taken, StringComparison.Ordinal);

        using var response = await admin.SendAsync(HttpMethod.Put, "/api/v2.0/labels/" + HarborLabels.Id(id), HarborProjects.Json(body));

        await OciAssert.ErrorAsync(response, status, status == HttpStatusCode.Conflict ? "CONFLICT" : "BAD_REQUEST");
        Assert.Equal(before, await HarborLabels.StoredAsync(factory));
    }

    [Fact]
    public async Task Update_and_delete_are_refused_to_developers_and_to_non_admins_on_global_labels()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var local = await HarborLabels.CreateProjectAsync(admin, projectId);
        var global = await HarborLabels.CreateGlobalAsync(admin);
        using var developer = await MemberAsync(project, Developer);
        using var projectAdmin = await MemberAsync(project, ProjectAdmin);
        var before = await HarborLabels.StoredAsync(factory);

        using var update = await developer.SendAsync(HttpMethod.Put, "/api/v2.0/labels/" + HarborLabels.Id(local), JsonContent.Create(new { name = "x" }));
        using var delete = await developer.DeleteAsync("/api/v2.0/labels/" + HarborLabels.Id(local));
        using var deleteGlobal = await projectAdmin.DeleteAsync("/api/v2.0/labels/" + HarborLabels.Id(global));
        using var deleteAnonymous = await factory.Anonymous().DeleteAsync("/api/v2.0/labels/" + HarborLabels.Id(global));

        await OciAssert.ErrorAsync(update, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(delete, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(deleteGlobal, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(deleteAnonymous, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(before, await HarborLabels.StoredAsync(factory));
    }

    [Fact]
    public async Task Delete_removes_the_label_and_a_second_delete_is_404()
    {
        var (project, projectId) = await ProjectAsync();
        using var projectAdmin = await MemberAsync(project, ProjectAdmin);
        var id = await HarborLabels.CreateProjectAsync(projectAdmin, projectId);

        using var deleted = await projectAdmin.DeleteAsync("/api/v2.0/labels/" + HarborLabels.Id(id));
        using var again = await projectAdmin.DeleteAsync("/api/v2.0/labels/" + HarborLabels.Id(id));
        using var get = await projectAdmin.GetAsync("/api/v2.0/labels/" + HarborLabels.Id(id));

        OciAssert.Status(deleted, HttpStatusCode.OK);
        await OciAssert.ErrorAsync(again, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.DoesNotContain(await HarborLabels.StoredAsync(factory), l => l.LabelId == id);
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_labels()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var id = await HarborLabels.CreateProjectAsync(admin, projectId);

        using var deleted = await admin.DeleteAsync("/api/v2.0/projects/" + project);

        OciAssert.Status(deleted, HttpStatusCode.OK);
        using var get = await admin.GetAsync("/api/v2.0/labels/" + HarborLabels.Id(id));
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
