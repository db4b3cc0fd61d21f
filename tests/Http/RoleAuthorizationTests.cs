using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Every role (and a signed-in non-member, and anonymous) against pull, push and delete on /v2, the token
/// server's grant, member list and create, and project update, in a public and a private project. /v2 answers
/// Harbor's 401 to everyone lacking the permission; the Harbor API 401 to anonymous and 403 to the signed-in.
/// </summary>
public sealed class RoleAuthorizationTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    public static TheoryData<string, bool, int, int, int, string, int, int, int> Cases() => new()
    {
        // caller, public, pull, push, delete, token actions, member list, member create, project update
        { "projectAdmin", false, 200, 202, 202, "pull,push,delete", 200, 201, 200 },
        { "maintainer", false, 200, 202, 202, "pull,push,delete", 200, 403, 403 },
        { "developer", false, 200, 202, 401, "pull,push", 200, 403, 403 },
        { "guest", false, 200, 401, 401, "pull", 200, 403, 403 },
        { "limitedGuest", false, 200, 401, 401, "pull", 403, 403, 403 },
        { "nonMember", false, 401, 401, 401, "", 403, 403, 403 },
        { "anonymous", false, 401, 401, 401, "", 401, 401, 401 },
        { "projectAdmin", true, 200, 202, 202, "pull,push,delete", 200, 201, 200 },
        { "maintainer", true, 200, 202, 202, "pull,push,delete", 200, 403, 403 },
        { "developer", true, 200, 202, 401, "pull,push", 200, 403, 403 },
        { "guest", true, 200, 401, 401, "pull", 200, 403, 403 },
        { "limitedGuest", true, 200, 401, 401, "pull", 403, 403, 403 },
        { "nonMember", true, 200, 401, 401, "pull", 403, 403, 403 },
        { "anonymous", true, 200, 401, 401, "pull", 401, 401, 401 },
    };

    private static int RoleId(string caller) => caller switch
    {
        "projectAdmin" => 1,
        "developer" => 2,
        "guest" => 3,
        "maintainer" => 4,
        "limitedGuest" => 5,
        _ => 0,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Caller_gets_exactly_what_its_role_allows(
        string caller, bool isPublic, int pull, int push, int delete, string tokenActions, int memberList, int memberCreate, int projectUpdate)
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, isPublic);
        var repo = $"{project}/app";
        var image = await admin.PushImageAsync(repo, "v1");
        var doomed = await admin.PushImageAsync(repo, "doomed");
        using var client = await ClientAsync(caller, admin, project);
        using var outsider = await factory.NewUserAsync();

        using var pulled = await client.GetAsync($"/v2/{repo}/manifests/v1");
        using var pushed = await client.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/");
        using var deleted = await client.DeleteAsync($"/v2/{repo}/manifests/{doomed.Digest}");
        using var token = await client.GetAsync($"/service/token?service=artifactkeeper&scope=repository:{repo}:pull,push,delete");
        using var members = await client.GetAsync(HarborMembers.Path(project));
        using var added = await HarborMembers.AddAsync(client, project, new { role_id = 3, member_user = new { username = await UsernameAsync(outsider) } });
        using var updated = await client.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{project}", JsonContent.Create(new { metadata = new { auto_scan = "true" } }));

        Assert.Equal(
            (pull, push, delete, members: memberList, create: memberCreate, update: projectUpdate),
            ((int)pulled.StatusCode, (int)pushed.StatusCode, (int)deleted.StatusCode, members: (int)members.StatusCode, create: (int)added.StatusCode, update: (int)updated.StatusCode));
        OciAssert.Status(token, HttpStatusCode.OK);
        var scope = (await RegistryClient.JsonAsync(token))["scope"]!.GetValue<string>();
        Assert.Equal(tokenActions.Length == 0 ? string.Empty : $"repository:{repo}:{tokenActions}", scope);
        if (delete != 202)
        {
            Assert.Contains("doomed", await admin.TagsAsync(repo) ?? []);
        }

        Assert.NotNull(image);
    }

    private async Task<RegistryClient> ClientAsync(string caller, RegistryClient admin, string project)
    {
        if (caller == "anonymous")
        {
            return factory.Anonymous();
        }

        var username = "u" + Guid.NewGuid().ToString("N")[..12];
        var client = await factory.NewUserAsync(username);
        if (RoleId(caller) is > 0 and var roleId)
        {
            await HarborMembers.AddUserAsync(admin, project, username, roleId);
        }

        return client;
    }

    /// <summary>The username behind <paramref name="client"/>'s Basic credentials.</summary>
    private static Task<string> UsernameAsync(RegistryClient client)
    {
        var encoded = client.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        return Task.FromResult(decoded[..decoded.IndexOf(':', StringComparison.Ordinal)]);
    }
}
