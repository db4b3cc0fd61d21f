using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's GET /users/current/permissions for project and system scopes, absolute and relative.</summary>
public sealed class CurrentUserPermissionsTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static HashSet<string> Pairs(JsonNode json) =>
        json.AsArray().Select(p => $"{p!["resource"]!.GetValue<string>()}|{p["action"]!.GetValue<string>()}").ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task Developer_gets_its_role_relative_and_absolute()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName();
        var id = await HarborProjects.CreateAsync(admin, project, false);
        var username = "u" + Guid.NewGuid().ToString("N")[..12];
        using var developer = await factory.NewUserAsync(username);
        await HarborMembers.AddUserAsync(admin, project, username, 2);

        using var relative = await developer.GetAsync($"/api/v2.0/users/current/permissions?scope=/project/{id}&relative=true");
        using var absolute = await developer.GetAsync($"/api/v2.0/users/current/permissions?scope=/project/{id}");

        OciAssert.Status(relative, HttpStatusCode.OK);
        var rel = Pairs(await RegistryClient.JsonAsync(relative));
        Assert.Contains("repository|push", rel);
        Assert.Contains(".|read", rel);
        Assert.DoesNotContain("repository|delete", rel);
        Assert.DoesNotContain("member|create", rel);
        var abs = Pairs(await RegistryClient.JsonAsync(absolute));
        Assert.Contains($"/project/{id}/repository|push", abs);
        Assert.Contains($"/project/{id}|read", abs);
        Assert.Equal(rel.Count, abs.Count);
    }

    [Fact]
    public async Task Non_member_of_public_project_gets_public_reads_only_and_of_private_nothing()
    {
        using var admin = factory.Admin();
        var publicId = await HarborProjects.CreateAsync(admin, HarborProjects.NewName(), true);
        var privateId = await HarborProjects.CreateAsync(admin, HarborProjects.NewName(), false);
        using var user = await factory.NewUserAsync();

        using var onPublic = await user.GetAsync($"/api/v2.0/users/current/permissions?scope=/project/{publicId}&relative=true");
        using var onPrivate = await user.GetAsync($"/api/v2.0/users/current/permissions?scope=/project/{privateId}&relative=true");

        Assert.Equal(
            new HashSet<string>(["accessory|list", "artifact-addition|read", "artifact|list", "artifact|read", "label|list", "label|read", "repository|list", "repository|pull", "scan|read", "scanner|read", "tag|list", ".|read"], StringComparer.Ordinal),
            Pairs(await RegistryClient.JsonAsync(onPublic)));
        Assert.Empty((await RegistryClient.JsonAsync(onPrivate)).AsArray());
    }

    [Fact]
    public async Task System_scope_lists_admin_permissions_and_nothing_for_users()
    {
        using var admin = factory.Admin();
        using var user = await factory.NewUserAsync();

        using var forAdmin = await admin.GetAsync("/api/v2.0/users/current/permissions?scope=/system&relative=true");
        using var absolute = await admin.GetAsync("/api/v2.0/users/current/permissions?scope=/system");
        using var forUser = await user.GetAsync("/api/v2.0/users/current/permissions?scope=/system");
        using var noScope = await user.GetAsync("/api/v2.0/users/current/permissions");

        Assert.Contains("user-group|create", Pairs(await RegistryClient.JsonAsync(forAdmin)));
        Assert.Contains("/system/project|create", Pairs(await RegistryClient.JsonAsync(absolute)));
        Assert.Empty((await RegistryClient.JsonAsync(forUser)).AsArray());
        Assert.Empty((await RegistryClient.JsonAsync(noScope)).AsArray());
    }

    [Fact]
    public async Task Anonymous_gets_401_and_bad_relative_400()
    {
        using var anonymous = factory.Anonymous();
        using var admin = factory.Admin();

        await OciAssert.ErrorAsync(await anonymous.GetAsync("/api/v2.0/users/current/permissions?scope=/project/1"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(await admin.GetAsync("/api/v2.0/users/current/permissions?scope=/project/1&relative=maybe"), HttpStatusCode.BadRequest, "BAD_REQUEST");
    }
}
