using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's project member API: list, add, read, change, remove, and every refusal leaving members as they were.</summary>
public sealed class HarborMemberTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static string UserName() => "u" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(RegistryClient Admin, string Project, long ProjectId)> ProjectAsync(bool isPublic = false)
    {
        var admin = factory.Admin();
        var name = HarborProjects.NewName();
        return (admin, name, await HarborProjects.CreateAsync(admin, name, isPublic));
    }

    [Fact]
    public async Task Creator_is_listed_as_project_admin()
    {
        var creatorName = UserName();
        using var creator = await factory.NewUserAsync(creatorName);
        var project = HarborProjects.NewName();
        var projectId = await HarborProjects.CreateAsync(creator, project, false);

        var member = Assert.Single(await HarborMembers.ListAsync(creator, project))!;

        Assert.Equal(creatorName, member["entity_name"]!.GetValue<string>());
        Assert.Equal(("projectAdmin", 1, "u", projectId), (member["role_name"]!.GetValue<string>(), member["role_id"]!.GetValue<int>(), member["entity_type"]!.GetValue<string>(), member["project_id"]!.GetValue<long>()));
        Assert.True(member["id"]!.GetValue<long>() > 0);
        Assert.True(member["entity_id"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Add_by_username_answers_201_with_location_and_the_member_reads_back()
    {
        var (admin, project, projectId) = await ProjectAsync();
        using var _ = admin;
        var username = UserName();
        using var user = await factory.NewUserAsync(username);

        using var response = await HarborMembers.AddAsync(admin, project, new { role_id = 2, member_user = new { username } });

        OciAssert.Status(response, HttpStatusCode.Created);
        var location = response.Headers.Location!.ToString();
        Assert.Matches($"^/api/v2.0/projects/{projectId}/members/[0-9]+$", location);
        using var read = await admin.GetAsync(location);
        OciAssert.Status(read, HttpStatusCode.OK);
        var member = await RegistryClient.JsonAsync(read);
        Assert.Equal((username, "developer", 2, "u"), (member["entity_name"]!.GetValue<string>(), member["role_name"]!.GetValue<string>(), member["role_id"]!.GetValue<int>(), member["entity_type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Add_by_user_id_and_groups_by_id_and_name_then_filter_and_page()
    {
        var (admin, project, _) = await ProjectAsync();
        using var _ = admin;
        var username = UserName();
        using var user = await factory.NewUserAsync(username);
        var userId = await HarborUserGroups.UserIdAsync(factory, username);
        var groupName = "g" + Guid.NewGuid().ToString("N")[..10];
        var groupId = await HarborUserGroups.CreateAsync(admin, groupName, 3);
        var otherGroup = "h" + Guid.NewGuid().ToString("N")[..10];
        await HarborUserGroups.CreateAsync(admin, otherGroup, 2);

        using var byId = await HarborMembers.AddAsync(admin, project, new { role_id = 3, member_user = new { user_id = userId } });
        using var groupById = await HarborMembers.AddAsync(admin, project, new { role_id = 4, member_group = new { id = groupId } });
        using var groupByName = await HarborMembers.AddAsync(admin, project, new { role_id = 5, member_group = new { group_name = otherGroup, group_type = 2 } });
        using var page = await admin.GetAsync(HarborMembers.Path(project) + "?page=2&page_size=2");
        using var filtered = await admin.GetAsync(HarborMembers.Path(project) + $"?entityname={groupName}");

        OciAssert.Status(byId, HttpStatusCode.Created);
        OciAssert.Status(groupById, HttpStatusCode.Created);
        OciAssert.Status(groupByName, HttpStatusCode.Created);
        OciAssert.Status(page, HttpStatusCode.OK);
        Assert.Equal("4", OciAssert.Header(page, "X-Total-Count"));
        Assert.Contains("rel=\"prev\"", OciAssert.Header(page, "Link"), StringComparison.Ordinal);
        Assert.Equal(2, (await RegistryClient.JsonAsync(page)).AsArray().Count);
        var only = Assert.Single((await RegistryClient.JsonAsync(filtered)).AsArray())!;
        Assert.Equal(("g", "maintainer", groupId), (only["entity_type"]!.GetValue<string>(), only["role_name"]!.GetValue<string>(), only["entity_id"]!.GetValue<long>()));
        Assert.Equal("1", OciAssert.Header(filtered, "X-Total-Count"));
    }

    [Fact]
    public async Task Duplicate_member_answers_409_and_keeps_the_first_role()
    {
        var (admin, project, _) = await ProjectAsync();
        using var _ = admin;
        var username = UserName();
        using var user = await factory.NewUserAsync(username);
        await HarborMembers.AddUserAsync(admin, project, username, 3);
        var before = await HarborMembers.SnapshotAsync(admin, project);

        using var response = await HarborMembers.AddAsync(admin, project, new { role_id = 1, member_user = new { username } });

        await OciAssert.ErrorAsync(response, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(before, await HarborMembers.SnapshotAsync(admin, project));
    }

    [Theory]
    [InlineData("{oops")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"role_id\":\"two\",\"member_user\":{\"username\":\"{user}\"}}")]
    [InlineData("{\"role_id\":2,\"member_user\":\"admin\"}")]
    [InlineData("{\"role_id\":2,\"member_user\":{\"user_id\":\"x\"}}")]
    [InlineData("{\"role_id\":2}")]
    [InlineData("{\"role_id\":2,\"member_user\":{},\"member_group\":{}}")]
    [InlineData("{\"member_user\":{\"username\":\"{user}\"}}")]
    [InlineData("{\"role_id\":0,\"member_user\":{\"username\":\"{user}\"}}")]
    [InlineData("{\"role_id\":6,\"member_user\":{\"username\":\"{user}\"}}")]
    [InlineData("{\"role_id\":2,\"member_user\":{\"user_id\":987654321}}")]
    [InlineData("{\"role_id\":2,\"member_group\":{\"id\":987654321}}")]
    public async Task Bad_member_body_answers_400_and_changes_nothing(string body)
    {
        var (admin, project, _) = await ProjectAsync();
        using var _ = admin;
        var username = UserName();
        using var user = await factory.NewUserAsync(username);
        var before = await HarborMembers.SnapshotAsync(admin, project);

        using var response = await admin.SendAsync(HttpMethod.Post, HarborMembers.Path(project), HarborProjects.Json(body.Replace("{user}", username, StringComparison.Ordinal)));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await HarborMembers.SnapshotAsync(admin, project));
    }

    [Theory]
    [InlineData("{\"role_id\":2,\"member_user\":{\"username\":\"nobody-here\"}}")]
    [InlineData("{\"role_id\":2,\"member_group\":{\"group_name\":\"no-such-group\",\"group_type\":3}}")]
    [InlineData("{\"role_id\":2,\"member_group\":{\"ldap_group_dn\":\"cn=none,dc=example\"}}")]
    public async Task Unknown_user_or_group_name_answers_404_and_changes_nothing(string body)
    {
        var (admin, project, _) = await ProjectAsync();
        using var _ = admin;
        var before = await HarborMembers.SnapshotAsync(admin, project);

        using var response = await admin.SendAsync(HttpMethod.Post, HarborMembers.Path(project), HarborProjects.Json(body));

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(before, await HarborMembers.SnapshotAsync(admin, project));
    }

    [Fact]
    public async Task Put_changes_the_role_and_refuses_bad_roles_bodies_and_ids_changing_nothing()
    {
        var (admin, project, _) = await ProjectAsync();
        using var _ = admin;
        var username = UserName();
        using var user = await factory.NewUserAsync(username);
        var mid = await HarborMembers.AddUserAsync(admin, project, username, 3);
        var one = $"{HarborMembers.Path(project)}/{mid}";

        using var updated = await admin.SendAsync(HttpMethod.Put, one, JsonContent.Create(new { role_id = 4 }));
        OciAssert.Status(updated, HttpStatusCode.OK);
        var after = await HarborMembers.SnapshotAsync(admin, project);
        Assert.Contains("\"role_name\":\"maintainer\"", after, StringComparison.Ordinal);

        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, one, JsonContent.Create(new { role_id = 7 })), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, one, HarborProjects.Json("{}")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, one, HarborProjects.Json("{\"role_id\":")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, one, HarborProjects.Json("{\"role_id\":\"1\"}")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"{HarborMembers.Path(project)}/abc", JsonContent.Create(new { role_id = 1 })), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"{HarborMembers.Path(project)}/987654321", JsonContent.Create(new { role_id = 1 })), HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(after, await HarborMembers.SnapshotAsync(admin, project));
    }

    [Fact]
    public async Task Delete_removes_the_member_and_its_access_and_a_second_delete_is_404()
    {
        var (admin, project, _) = await ProjectAsync();
        using var _ = admin;
        var username = UserName();
        using var user = await factory.NewUserAsync(username);
        var mid = await HarborMembers.AddUserAsync(admin, project, username, 2);
        OciAssert.Status(await user.GetAsync($"/api/v2.0/projects/{project}"), HttpStatusCode.OK);

        using var deleted = await admin.DeleteAsync($"{HarborMembers.Path(project)}/{mid}");
        using var again = await admin.DeleteAsync($"{HarborMembers.Path(project)}/{mid}");
        using var read = await admin.GetAsync($"{HarborMembers.Path(project)}/{mid}");

        OciAssert.Status(deleted, HttpStatusCode.OK);
        await OciAssert.ErrorAsync(again, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(read, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await user.GetAsync($"/api/v2.0/projects/{project}"), HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.DoesNotContain(username, await HarborMembers.SnapshotAsync(admin, project), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_of_a_private_project_sees_it_in_the_project_list()
    {
        var (admin, project, _) = await ProjectAsync();
        using var _ = admin;
        var username = UserName();
        using var user = await factory.NewUserAsync(username);
        using var before = await user.GetAsync($"/api/v2.0/projects?name={project}");
        Assert.Empty(await HarborProjects.NamesAsync(before));

        await HarborMembers.AddUserAsync(admin, project, username, 5);
        using var after = await user.GetAsync($"/api/v2.0/projects?name={project}");

        Assert.Equal([project], await HarborProjects.NamesAsync(after));
    }

    [Fact]
    public async Task Project_by_numeric_id_or_name_header_and_missing_project()
    {
        var (admin, project, projectId) = await ProjectAsync();
        using var _ = admin;

        using var byId = await admin.GetAsync(HarborMembers.Path(projectId.ToString(CultureInfo.InvariantCulture)));
        using var missing = await admin.GetAsync(HarborMembers.Path(HarborProjects.NewName()));
        using var missingId = await admin.GetAsync(HarborMembers.Path("987654321"));

        OciAssert.Status(byId, HttpStatusCode.OK);
        Assert.Single((await RegistryClient.JsonAsync(byId)).AsArray());
        await OciAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(missingId, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotNull(project);
    }

    [Fact]
    public async Task Summary_counts_members_per_role_for_those_who_may_list_them()
    {
        var (admin, project, _) = await ProjectAsync(isPublic: true);
        using var _ = admin;
        var guest = UserName();
        using var guestClient = await factory.NewUserAsync(guest);
        await HarborMembers.AddUserAsync(admin, project, guest, 3);
        using var anonymous = factory.Anonymous();

        using var forGuest = await guestClient.GetAsync($"/api/v2.0/projects/{project}/summary");
        using var forAnonymous = await anonymous.GetAsync($"/api/v2.0/projects/{project}/summary");

        var summary = await RegistryClient.JsonAsync(forGuest);
        Assert.Equal((1L, 0L, 0L, 1L, 0L), (
            summary["project_admin_count"]!.GetValue<long>(), summary["maintainer_count"]!.GetValue<long>(), summary["developer_count"]!.GetValue<long>(),
            summary["guest_count"]!.GetValue<long>(), summary["limited_guest_count"]!.GetValue<long>()));
        var anonymousSummary = await RegistryClient.JsonAsync(forAnonymous);
        Assert.Null(anonymousSummary["guest_count"]);
        Assert.Equal(0, anonymousSummary["repo_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Wrong_credentials_answer_401_and_add_nothing()
    {
        var (admin, project, _) = await ProjectAsync();
        using var _ = admin;
        var before = await HarborMembers.SnapshotAsync(admin, project);
        using var wrong = factory.Client("admin", "wrong-password");

        using var response = await HarborMembers.AddAsync(wrong, project, new { role_id = 1, member_user = new { username = "admin" } });

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(before, await HarborMembers.SnapshotAsync(admin, project));
    }
}
