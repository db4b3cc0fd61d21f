using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Every kind of caller × every guarded action on /v2 and /api/v2.0 × a public and a private project,
/// each asserting the exact status Harbor answers. The expectations are written out by hand from
/// Harbor's role matrix (src/common/rbac/project/rbac_role.go and the public-project policies), not
/// computed by the code under test, so a leak in either direction fails a named case.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture world) : IClassFixture<AuthorizationMatrixFixture>
{
    // How each action answers when it is allowed: pushes open an upload (202); a delete of a digest that was
    // never pushed reaches the registry (404); deleting a project that still has a repository is refused by
    // the rule, not by authorization (412); adding an unknown user as a member is 404 once authorized.
    private static readonly string[] Actions =
    [
        "v2-pull", "v2-push", "v2-delete", "project-get", "project-update", "project-delete",
        "members-list", "member-add", "logs", "robots-list", "users-list", "audit-logs",
    ];

    // Denied on /v2 is always 401 with a challenge (Harbor's v2auth middleware answers UNAUTHORIZED whether or
    // not the caller signed in); on /api/v2.0 it is 401 for anonymous callers and 403 for signed-in ones, robots
    // included. Project logs are Project Admin's (log:list); the system audit log answers every signed-in user
    // 200, filtered to the projects whose logs they may list (so a member below Project Admin sees none).
    private const string Private = """
        admin        200 202 404 200 200 412 200 404 200 200 200 200
        projectAdmin 200 202 404 200 200 412 200 404 200 200 403 200
        maintainer   200 202 404 200 403 403 200 403 403 200 403 200
        developer    200 202 401 200 403 403 200 403 403 200 403 200
        guest        200 401 401 200 403 403 200 403 403 200 403 200
        limitedGuest 200 401 401 200 403 403 403 403 403 403 403 200
        nonMember    401 401 401 403 403 403 403 403 403 403 403 200
        anonymous    401 401 401 401 401 401 401 401 401 401 401 401
        robotPull    200 401 401 403 403 403 403 403 403 403 403 403
        robotPush    200 202 401 403 403 403 403 403 403 403 403 403
        robotSystem  200 202 401 403 403 403 403 403 403 403 403 403
        robotOther   401 401 401 403 403 403 403 403 403 403 403 403
        """;

    // A public project adds Harbor's public-project read policies (project read, repository list and pull)
    // for everyone, anonymous callers and robots included; nothing else changes.
    private const string Public = """
        admin        200 202 404 200 200 412 200 404 200 200 200 200
        projectAdmin 200 202 404 200 200 412 200 404 200 200 403 200
        maintainer   200 202 404 200 403 403 200 403 403 200 403 200
        developer    200 202 401 200 403 403 200 403 403 200 403 200
        guest        200 401 401 200 403 403 200 403 403 200 403 200
        limitedGuest 200 401 401 200 403 403 403 403 403 403 403 200
        nonMember    200 401 401 200 403 403 403 403 403 403 403 200
        anonymous    200 401 401 200 401 401 401 401 401 401 401 401
        robotPull    200 401 401 200 403 403 403 403 403 403 403 403
        robotPush    200 401 401 200 403 403 403 403 403 403 403 403
        robotSystem  200 202 401 200 403 403 403 403 403 403 403 403
        robotOther   200 401 401 200 403 403 403 403 403 403 403 403
        """;

    public static TheoryData<string, string, string, int> Cases()
    {
        var cases = new TheoryData<string, string, string, int>();
        foreach (var (visibility, table) in new[] { ("private", Private), ("public", Public) })
        {
            foreach (var (caller, action, status) in Parse(table))
            {
                cases.Add(visibility, caller, action, status);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Caller_gets_exactly_the_expected_answer(string visibility, string caller, string action, int expected)
    {
        var project = world.Project(visibility);
        using var client = world.ClientFor(caller);

        using var response = await SendAsync(client, project, action);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == expected,
            $"{caller} {action} on the {visibility} project {project.Name}: expected {expected}, got {(int)response.StatusCode}: {body}");
        if ((int)response.StatusCode == 401 && action.StartsWith("v2-", StringComparison.Ordinal))
        {
            Assert.True(response.Headers.WwwAuthenticate.Count > 0, $"{caller} {action}: a 401 on /v2 must carry a challenge");
        }
    }

    /// <summary>
    /// The token endpoint hands out exactly the /v2 actions the table allows (the scope is intersected with
    /// the caller's rights, never refused outright), and a token never carries more.
    /// </summary>
    [Theory]
    [MemberData(nameof(TokenCases))]
    public async Task Token_grants_exactly_the_allowed_registry_actions(string visibility, string caller, string expectedActions)
    {
        var project = world.Project(visibility);
        using var client = world.ClientFor(caller);

        using var response = await client.GetAsync(
            $"/service/token?service=artifactkeeper&scope=repository:{project.Repository}:pull,push,delete");

        OciAssert.Status(response, HttpStatusCode.OK);
        var token = (await RegistryClient.JsonAsync(response))["token"]!.GetValue<string>();
        var granted = RegistryTokens.Actions(token, project.Repository);
        Assert.Equal(expectedActions, string.Join(',', granted.Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// The system audit log answers every signed-in user, but only with records of projects whose logs they may
    /// list: a Project Admin sees the private project's records, a Maintainer of the same project none of them.
    /// </summary>
    [Theory]
    [InlineData("projectAdmin", true)]
    [InlineData("maintainer", false)]
    [InlineData("limitedGuest", false)]
    [InlineData("nonMember", false)]
    public async Task System_audit_log_shows_only_projects_whose_logs_the_caller_may_list(string caller, bool seesPrivateProject)
    {
        await AuditLogs.FlushAsync(world.Factory);
        using var client = world.ClientFor(caller);

        using var response = await client.GetAsync("/api/v2.0/audit-logs?page_size=100");

        OciAssert.Status(response, HttpStatusCode.OK);
        var resources = (await RegistryClient.JsonAsync(response)).AsArray().Select(e => e!["resource"]!.GetValue<string>()).ToList();
        var project = world.PrivateProject.Name;
        Assert.Equal(seesPrivateProject, resources.Any(r => r == project || r.StartsWith(project + "/", StringComparison.Ordinal)));
        Assert.DoesNotContain(resources, r => r.StartsWith("mxother", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string> TokenCases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var (visibility, table) in new[] { ("private", Private), ("public", Public) })
        {
            foreach (var group in Parse(table).Where(c => c.Action.StartsWith("v2-", StringComparison.Ordinal)).GroupBy(c => c.Caller))
            {
                var allowed = group
                    .Where(c => c.Status is 200 or 202 or 404)
                    .Select(c => c.Action["v2-".Length..])
                    .Order(StringComparer.Ordinal);
                cases.Add(visibility, group.Key, string.Join(',', allowed));
            }
        }

        return cases;
    }

    private static IEnumerable<(string Caller, string Action, int Status)> Parse(string table)
    {
        foreach (var line in table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Actions.Length + 1, cells.Length);
            for (var i = 0; i < Actions.Length; i++)
            {
                yield return (cells[0], Actions[i], int.Parse(cells[i + 1], CultureInfo.InvariantCulture));
            }
        }
    }

    private static Task<HttpResponseMessage> SendAsync(RegistryClient client, MatrixProject project, string action)
    {
        var api = $"/api/v2.0/projects/{project.Name}";
        return action switch
        {
            "v2-pull" => client.GetAsync($"/v2/{project.Repository}/manifests/1",
                r => r.Headers.Accept.ParseAdd(Manifests.OciManifest)),
            "v2-push" => client.SendAsync(HttpMethod.Post, $"/v2/{project.Repository}/blobs/uploads/"),
            "v2-delete" => client.DeleteAsync($"/v2/{project.Repository}/manifests/sha256:{new string('0', 64)}"),
            "project-get" => client.GetAsync(api),
            "project-update" => client.SendAsync(HttpMethod.Put, api, HarborProjects.Json("{}")),
            "project-delete" => client.DeleteAsync(api),
            "members-list" => client.GetAsync(api + "/members"),
            "member-add" => client.SendAsync(HttpMethod.Post, api + "/members",
                JsonContent.Create(new { role_id = 3, member_user = new { username = "nobody" + Guid.NewGuid().ToString("N")[..8] } })),
            "logs" => client.GetAsync(api + "/logs"),
            "robots-list" => client.GetAsync(
                "/api/v2.0/robots?q=" + Uri.EscapeDataString($"Level=project,ProjectID={project.Id}")),
            "users-list" => client.GetAsync("/api/v2.0/users"),
            "audit-logs" => client.GetAsync("/api/v2.0/audit-logs"),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown action"),
        };
    }
}

/// <summary>One project of the matrix and its single repository (holding tag 1).</summary>
public sealed record MatrixProject(long Id, string Name, string Repository);

/// <summary>
/// The world the matrix runs in: a public and a private project holding one image each, one user per
/// project role (a member of both projects with that role), a signed-in non-member, and robots with
/// different grants. Everything is created through Harbor's API, as an administrator's script would.
/// </summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    private const string Password = "Matrix-Passw0rd";

    private static readonly (string Caller, int RoleId)[] Roles =
    [
        ("projectAdmin", 1), ("developer", 2), ("guest", 3), ("maintainer", 4), ("limitedGuest", 5),
    ];

    private readonly Dictionary<string, (string Username, string Password)> _credentials = new(StringComparer.Ordinal);
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];

    public RegistryFactory Factory { get; } = new();

    public MatrixProject PublicProject { get; private set; } = null!;

    public MatrixProject PrivateProject { get; private set; } = null!;

    public MatrixProject Project(string visibility) => visibility == "public" ? PublicProject : PrivateProject;

    /// <summary>A client signed in as <paramref name="caller"/> (HTTP Basic), or anonymous.</summary>
    public RegistryClient ClientFor(string caller)
    {
        if (caller == "anonymous")
        {
            return Factory.Anonymous();
        }

        if (caller == "admin")
        {
            return Factory.Admin();
        }

        var (username, password) = _credentials[caller];
        return Factory.Client(username, password);
    }

    public async ValueTask InitializeAsync()
    {
        using var admin = Factory.Admin();
        PrivateProject = await CreateProjectWithImageAsync(admin, "mxpriv" + _suffix, isPublic: false);
        PublicProject = await CreateProjectWithImageAsync(admin, "mxpub" + _suffix, isPublic: true);
        var other = await CreateProjectWithImageAsync(admin, "mxother" + _suffix, isPublic: false);

        foreach (var (caller, roleId) in Roles)
        {
            var username = await CreateUserAsync(admin, caller);
            foreach (var project in new[] { PrivateProject, PublicProject })
            {
                using var member = await admin.SendAsync(HttpMethod.Post, $"/api/v2.0/projects/{project.Name}/members",
                    JsonContent.Create(new { role_id = roleId, member_user = new { username } }));
                OciAssert.Status(member, HttpStatusCode.Created);
            }
        }

        await CreateUserAsync(admin, "nonMember");

        await CreateRobotAsync(admin, "robotPull", "project", PrivateProject.Name, ["pull"]);
        await CreateRobotAsync(admin, "robotPush", "project", PrivateProject.Name, ["pull", "push"]);
        await CreateRobotAsync(admin, "robotSystem", "system", "*", ["pull", "push"]);
        await CreateRobotAsync(admin, "robotOther", "project", other.Name, ["pull", "push", "delete"]);
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();

    private static async Task<MatrixProject> CreateProjectWithImageAsync(RegistryClient admin, string name, bool isPublic)
    {
        var id = await HarborProjects.CreateAsync(admin, name, isPublic);
        var repository = name + "/app";
        await admin.PushImageAsync(repository, "1");
        return new MatrixProject(id, name, repository);
    }

    private async Task<string> CreateUserAsync(RegistryClient admin, string caller)
    {
        var username = caller.ToLowerInvariant() + _suffix;
        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/users", JsonContent.Create(new
        {
            username,
            email = username + "@example.com",
            realname = caller,
            password = Password,
        }));
        OciAssert.Status(response, HttpStatusCode.Created);
        _credentials[caller] = (username, Password);
        return username;
    }

    private async Task CreateRobotAsync(RegistryClient admin, string caller, string level, string projectName, string[] actions)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/robots", JsonContent.Create(new
        {
            name = caller.ToLowerInvariant() + _suffix,
            duration = -1,
            level,
            permissions = new[]
            {
                new
                {
                    kind = "project",
                    @namespace = projectName,
                    access = actions.Select(a => new { resource = "repository", action = a }).ToArray(),
                },
            },
        }));
        OciAssert.Status(response, HttpStatusCode.Created);
        var json = await RegistryClient.JsonAsync(response);
        _credentials[caller] = (json["name"]!.GetValue<string>(), json["secret"]!.GetValue<string>());
    }
}
