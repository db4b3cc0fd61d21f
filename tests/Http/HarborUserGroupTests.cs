using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's user group API: CRUD for system administrators, search for anyone signed in, and the refusals.</summary>
public sealed class HarborUserGroupTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static string NewName() => "g" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Create_get_rename_delete()
    {
        using var admin = factory.Admin();
        var name = NewName();

        var id = await HarborUserGroups.CreateAsync(admin, name, 1, " CN=Devs," + name + ",DC=Example ");
        using var read = await admin.GetAsync($"/api/v2.0/usergroups/{id}");
        OciAssert.Status(read, HttpStatusCode.OK);
        var group = await RegistryClient.JsonAsync(read);
        Assert.Equal((id, name, 1, $"cn=devs,{name},dc=example"), (group["id"]!.GetValue<long>(), group["group_name"]!.GetValue<string>(), group["group_type"]!.GetValue<int>(), group["ldap_group_dn"]!.GetValue<string>()));

        using var renamed = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/usergroups/{id}", JsonContent.Create(new { group_name = name + "-x" }));
        OciAssert.Status(renamed, HttpStatusCode.OK);
        using var reread = await admin.GetAsync($"/api/v2.0/usergroups/{id}");
        Assert.Equal(name + "-x", (await RegistryClient.JsonAsync(reread))["group_name"]!.GetValue<string>());

        using var deleted = await admin.DeleteAsync($"/api/v2.0/usergroups/{id}");
        OciAssert.Status(deleted, HttpStatusCode.OK);
        await OciAssert.ErrorAsync(await admin.GetAsync($"/api/v2.0/usergroups/{id}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.DeleteAsync($"/api/v2.0/usergroups/{id}"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Duplicate_group_answers_409_and_changes_nothing()
    {
        using var admin = factory.Admin();
        var name = NewName();
        var first = await HarborUserGroups.CreateAsync(admin, name, 3);
        var other = await HarborUserGroups.CreateAsync(admin, name + "-b", 3);
        var before = await HarborUserGroups.SnapshotAsync(admin);

        using var duplicate = await HarborUserGroups.PostAsync(admin, new { group_name = name, group_type = 3 });
        using var rename = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/usergroups/{other}", JsonContent.Create(new { group_name = name }));

        await OciAssert.ErrorAsync(duplicate, HttpStatusCode.Conflict, "CONFLICT");
        await OciAssert.ErrorAsync(rename, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(before, await HarborUserGroups.SnapshotAsync(admin));
        Assert.True(first > 0);
    }

    [Theory]
    [InlineData("{oops")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{\"group_name\":\"\",\"group_type\":3}")]
    [InlineData("{\"group_type\":3}")]
    [InlineData("{\"group_name\":\"x\"}")]
    [InlineData("{\"group_name\":\"x\",\"group_type\":4}")]
    [InlineData("{\"group_name\":\"x\",\"group_type\":\"3\"}")]
    [InlineData("{\"group_name\":7,\"group_type\":3}")]
    [InlineData("{\"group_name\":\"x\",\"group_type\":1}")]
    [InlineData("{\"group_name\":\"x\",\"group_type\":1,\"ldap_group_dn\":\"   \"}")]
    public async Task Bad_create_body_answers_400_and_changes_nothing(string body)
    {
        using var admin = factory.Admin();
        var before = await HarborUserGroups.SnapshotAsync(admin);

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/usergroups", HarborProjects.Json(body));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await HarborUserGroups.SnapshotAsync(admin));
    }

    [Fact]
    public async Task Over_long_name_or_dn_answers_400_and_changes_nothing()
    {
        using var admin = factory.Admin();
        var before = await HarborUserGroups.SnapshotAsync(admin);

        using var longName = await HarborUserGroups.PostAsync(admin, new { group_name = new string('n', 256), group_type = 3 });
        using var longDn = await HarborUserGroups.PostAsync(admin, new { group_name = NewName(), group_type = 1, ldap_group_dn = "cn=" + new string('d', 510) });

        await OciAssert.ErrorAsync(longName, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(longDn, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await HarborUserGroups.SnapshotAsync(admin));
    }

    [Fact]
    public async Task Non_admin_gets_403_anonymous_401_and_nothing_changes()
    {
        using var admin = factory.Admin();
        var id = await HarborUserGroups.CreateAsync(admin, NewName(), 2);
        var before = await HarborUserGroups.SnapshotAsync(admin);
        using var user = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();
        using var wrong = factory.Client("admin", "not-the-password");

        await OciAssert.ErrorAsync(await HarborUserGroups.PostAsync(user, new { group_name = NewName(), group_type = 2 }), HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(await user.GetAsync("/api/v2.0/usergroups"), HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(await user.DeleteAsync($"/api/v2.0/usergroups/{id}"), HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(await user.SendAsync(HttpMethod.Put, $"/api/v2.0/usergroups/{id}", JsonContent.Create(new { group_name = "x" })), HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(await HarborUserGroups.PostAsync(anonymous, new { group_name = NewName(), group_type = 2 }), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(await wrong.GetAsync($"/api/v2.0/usergroups/{id}"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(await anonymous.GetAsync("/api/v2.0/usergroups/search?groupname=g"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(before, await HarborUserGroups.SnapshotAsync(admin));
    }

    [Fact]
    public async Task Bad_ids_and_rename_bodies_answer_400_or_404()
    {
        using var admin = factory.Admin();
        var id = await HarborUserGroups.CreateAsync(admin, NewName(), 3);
        var before = await HarborUserGroups.SnapshotAsync(admin);

        await OciAssert.ErrorAsync(await admin.GetAsync("/api/v2.0/usergroups/abc"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.GetAsync("/api/v2.0/usergroups/0"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.GetAsync("/api/v2.0/usergroups/987654321"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, "/api/v2.0/usergroups/987654321", JsonContent.Create(new { group_name = "x" })), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/usergroups/{id}", HarborProjects.Json("{}")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/usergroups/{id}", HarborProjects.Json("{\"group_name\":")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/usergroups/{id}", JsonContent.Create(new { group_name = new string('x', 256) })), HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await HarborUserGroups.SnapshotAsync(admin));
    }

    [Fact]
    public async Task List_filters_by_name_and_pages_search_finds_closest_first()
    {
        using var admin = factory.Admin();
        var stem = NewName();
        await HarborUserGroups.CreateAsync(admin, stem + "-longer", 3);
        await HarborUserGroups.CreateAsync(admin, stem, 2);
        await HarborUserGroups.CreateAsync(admin, stem + "-x", 3);
        using var user = await factory.NewUserAsync();

        using var list = await admin.GetAsync($"/api/v2.0/usergroups?group_name={stem}&page=1&page_size=2");
        using var search = await user.GetAsync($"/api/v2.0/usergroups/search?groupname={stem.ToUpperInvariant()}");
        using var missingName = await user.GetAsync("/api/v2.0/usergroups/search");

        OciAssert.Status(list, HttpStatusCode.OK);
        Assert.Equal("3", OciAssert.Header(list, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(list, "Link"), StringComparison.Ordinal);
        Assert.Equal(2, (await RegistryClient.JsonAsync(list)).AsArray().Count);
        OciAssert.Status(search, HttpStatusCode.OK);
        var found = (await RegistryClient.JsonAsync(search)).AsArray();
        Assert.Equal([stem, stem + "-x", stem + "-longer"], found.Select(g => g!["group_name"]!.GetValue<string>()));
        Assert.Null(found[0]!["ldap_group_dn"]);
        await OciAssert.ErrorAsync(missingName, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Deleting_a_member_group_removes_its_membership()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, false);
        var group = NewName();
        var id = await HarborUserGroups.CreateAsync(admin, group, 3);
        using var added = await HarborMembers.AddAsync(admin, project, new { role_id = 2, member_group = new { id } });
        OciAssert.Status(added, HttpStatusCode.Created);

        using var deleted = await admin.DeleteAsync($"/api/v2.0/usergroups/{id}");

        OciAssert.Status(deleted, HttpStatusCode.OK);
        Assert.DoesNotContain(group, await HarborMembers.SnapshotAsync(admin, project), StringComparison.Ordinal);
    }
}
