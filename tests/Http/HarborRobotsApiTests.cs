using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's /api/v2.0/robots: every endpoint, its refusals, and that a refusal changes nothing.</summary>
public sealed class HarborRobotsApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static StringContent Raw(string json) => HarborProjects.Json(json);

    private async Task<(string Name, long Id)> ProjectAsync(RegistryClient? owner = null)
    {
        var name = HarborProjects.NewName();
        using var admin = factory.Admin();
        return (name, await HarborProjects.CreateAsync(owner ?? admin, name, false));
    }

    [Fact]
    public async Task Create_project_robot_answers_201_with_location_full_name_and_the_secret_once()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var name = HarborRobots.NewName();

        var created = await HarborRobots.CreateAsync(admin, HarborRobots.ProjectRobot(name, project, 30, "push", "pull"));

        Assert.Equal($"robot${project}+{name}", created.Name);
        Assert.Equal(32, created.Secret.Length);
        var robot = await HarborRobots.GetAsync(admin, created.Id);
        Assert.Equal(created.Name, robot["name"]!.GetValue<string>());
        Assert.Equal("project", robot["level"]!.GetValue<string>());
        Assert.Equal(30, robot["duration"]!.GetValue<long>());
        Assert.True(robot["editable"]!.GetValue<bool>());
        Assert.False(robot["disable"]!.GetValue<bool>());
        Assert.Equal("local", robot["creator_type"]!.GetValue<string>());
        Assert.Null(robot["secret"]);
        Assert.DoesNotContain(created.Secret, robot.ToJsonString(), StringComparison.Ordinal);
        var permission = robot["permissions"]!.AsArray().Single()!;
        Assert.Equal(("project", project), (permission["kind"]!.GetValue<string>(), permission["namespace"]!.GetValue<string>()));
        Assert.Equal(["repository:push", "repository:pull"], permission["access"]!.AsArray().Select(a => $"{a!["resource"]}:{a["action"]}"));
        Assert.Equal(1, await HarborRobots.CountAsync(admin, $"Level=project,ProjectID={projectId}"));
        Assert.Equal(HttpStatusCode.OK, await HarborRobots.V2StatusAsync(factory, created.Name, created.Secret));
    }

    [Fact]
    public async Task Create_system_robot_is_named_without_project_and_listed_as_system()
    {
        using var admin = factory.Admin();
        var name = HarborRobots.NewName();

        var created = await HarborRobots.CreateAsync(admin, new
        {
            name,
            duration = -1,
            level = "system",
            permissions = new object[]
            {
                new { kind = "system", @namespace = "/", access = new[] { HarborRobots.Access("project", "create") } },
                new { kind = "project", @namespace = "*", access = new[] { HarborRobots.Access("repository", "pull") } },
            },
        });

        Assert.Equal($"robot${name}", created.Name);
        using var list = await admin.GetAsync($"/api/v2.0/robots?q=name%3D{name}");
        var robots = (await RegistryClient.JsonAsync(list)).AsArray();
        Assert.Equal(-1, Assert.Single(robots)!["expires_at"]!.GetValue<long>());
        Assert.Equal(1, await HarborRobots.CountAsync(admin, $"Level=system,name={name}"));
    }

    [Fact]
    public async Task Create_duplicate_name_is_409_and_the_first_robot_is_unchanged()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var name = HarborRobots.NewName();
        var first = await HarborRobots.CreateAsync(admin, HarborRobots.ProjectRobot(name, project, 30, "pull"));

        using var again = await HarborRobots.PostAsync(admin, HarborRobots.ProjectRobot(name, project, 7, "push"));

        await OciAssert.ErrorAsync(again, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(1, await HarborRobots.CountAsync(admin, $"Level=project,ProjectID={projectId}"));
        Assert.Equal(30, (await HarborRobots.GetAsync(admin, first.Id))["duration"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, await HarborRobots.V2StatusAsync(factory, first.Name, first.Secret));
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { "{", "invalid JSON" },
        { "[]", "invalid JSON" },
        { """{"name":"x","duration":"ten","level":"project","permissions":[]}""", "invalid JSON" },
        { """{"name":"Bad Name","duration":1,"level":"project","permissions":[{"kind":"project","namespace":"P","access":[{"resource":"repository","action":"pull"}]}]}""", "illegal characters" },
        { """{"name":"okname","duration":1,"level":"project","permissions":[{"kind":"project","namespace":"P","access":[{"resource":"repository","action":"fly"}]}]}""", "repository:fly" },
        { """{"name":"okname","duration":1,"level":"project","permissions":[{"kind":"project","namespace":"P","access":[{"resource":"user","action":"create"}]}]}""", "user:create" },
        { """{"name":"okname","duration":1,"level":"project","permissions":[{"kind":"project","namespace":"P","access":[{"resource":"repository","action":"pull"}]},{"kind":"project","namespace":"library","access":[{"resource":"repository","action":"pull"}]}]}""", "exactly one permission" },
        { """{"name":"okname","duration":1,"level":"project","permissions":[{"kind":"project","namespace":"*","access":[{"resource":"repository","action":"pull"}]}]}""", "not \"*\"" },
        { """{"name":"okname","duration":1,"level":"system","permissions":[]}""", "empty permission" },
        { """{"name":"okname","duration":1,"level":"system"}""", "empty permission" },
        { """{"name":"okname","duration":1,"level":"system","permissions":[{"kind":"system","namespace":"/","access":[]}]}""", "empty access" },
        { """{"name":"okname","duration":1,"level":"system","permissions":[null]}""", "empty permission" },
        { """{"name":"okname","duration":0,"level":"project","permissions":[{"kind":"project","namespace":"P","access":[{"resource":"repository","action":"pull"}]}]}""", "duration" },
        { """{"name":"okname","level":"project","permissions":[{"kind":"project","namespace":"P","access":[{"resource":"repository","action":"pull"}]}]}""", "duration" },
        { """{"name":"okname","duration":1,"level":"global","permissions":[{"kind":"project","namespace":"P","access":[{"resource":"repository","action":"pull"}]}]}""", "level" },
        { """{"name":"okname","duration":1,"level":"project","description":"DESC","permissions":[{"kind":"project","namespace":"P","access":[{"resource":"repository","action":"pull"}]}]}""", "description" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_with_invalid_body_is_400_and_creates_nothing(string body, string expected)
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var systemBefore = await HarborRobots.CountAsync(admin, "Level=system");

        using var response = await HarborRobots.PostAsync(admin, Raw(body.Replace("\"P\"", $"\"{project}\"", StringComparison.Ordinal)
            .Replace("DESC", new string('d', 1025), StringComparison.Ordinal)));

        var message = await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Equal(0, await HarborRobots.CountAsync(admin, $"Level=project,ProjectID={projectId}"));
        Assert.Equal(systemBefore, await HarborRobots.CountAsync(admin, "Level=system"));
    }

    [Fact]
    public async Task Create_in_a_missing_project_is_404()
    {
        using var admin = factory.Admin();

        using var response = await HarborRobots.PostAsync(admin, HarborRobots.ProjectRobot("ci", "no-such-project-x", 1, "pull"));

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Anonymous_and_wrong_credentials_are_401_on_every_robot_endpoint()
    {
        using var anonymous = factory.Anonymous();
        using var wrong = factory.Client("nobody-" + Guid.NewGuid().ToString("N")[..6], "wrong-password");
        foreach (var client in new[] { anonymous, wrong })
        {
            using var list = await client.GetAsync("/api/v2.0/robots");
            using var create = await HarborRobots.PostAsync(client, HarborRobots.ProjectRobot("ci", "library", 1, "pull"));
            using var get = await client.GetAsync("/api/v2.0/robots/1");
            using var delete = await client.DeleteAsync("/api/v2.0/robots/1");
            using var permissions = await client.GetAsync("/api/v2.0/permissions");
            foreach (var response in new[] { list, create, get, delete, permissions })
            {
                await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            }
        }
    }

    [Fact]
    public async Task Owner_manages_robots_of_own_project_and_others_are_403()
    {
        using var owner = await factory.NewUserAsync();
        using var stranger = await factory.NewUserAsync();
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync(owner);

        var created = await HarborRobots.CreateAsync(owner, HarborRobots.ProjectRobot(HarborRobots.NewName(), project, 1, "pull"));
        Assert.Equal(1, await HarborRobots.CountAsync(owner, $"Level=project,ProjectID={projectId}"));

        using var strangerCreate = await HarborRobots.PostAsync(stranger, HarborRobots.ProjectRobot(HarborRobots.NewName(), project, 1, "pull"));
        using var strangerList = await stranger.GetAsync($"/api/v2.0/robots?q=Level%3Dproject,ProjectID%3D{projectId}");
        using var strangerGet = await stranger.GetAsync($"/api/v2.0/robots/{created.Id}");
        using var strangerDelete = await stranger.DeleteAsync($"/api/v2.0/robots/{created.Id}");
        using var ownerSystem = await HarborRobots.PostAsync(owner, new
        {
            name = HarborRobots.NewName(), duration = 1, level = "system",
            permissions = new[] { new { kind = "system", @namespace = "/", access = new[] { HarborRobots.Access("project", "create") } } },
        });
        using var ownerSystemList = await owner.GetAsync("/api/v2.0/robots");
        foreach (var response in new[] { strangerCreate, strangerList, strangerGet, strangerDelete, ownerSystem, ownerSystemList })
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        Assert.Equal(1, await HarborRobots.CountAsync(admin, $"Level=project,ProjectID={projectId}"));
    }

    [Fact]
    public async Task List_requires_project_id_for_project_level_and_pages_with_links()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        for (var i = 0; i < 3; i++)
        {
            await HarborRobots.CreateAsync(admin, HarborRobots.ProjectRobot($"bot{i}", project, 1, "pull"));
        }

        using var noProject = await admin.GetAsync("/api/v2.0/robots?q=Level%3Dproject");
        using var badLevel = await admin.GetAsync("/api/v2.0/robots?q=Level%3Dcluster");
        using var badProject = await admin.GetAsync("/api/v2.0/robots?q=Level%3Dproject,ProjectID%3Dabc");
        using var missingProject = await admin.GetAsync("/api/v2.0/robots?q=Level%3Dproject,ProjectID%3D987654");
        using var page = await admin.GetAsync($"/api/v2.0/robots?q=Level%3Dproject,ProjectID%3D{projectId}&sort=-name&page=1&page_size=2");

        await OciAssert.ErrorAsync(noProject, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badLevel, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badProject, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(missingProject, HttpStatusCode.NotFound, "NOT_FOUND");
        OciAssert.Status(page, HttpStatusCode.OK);
        Assert.Equal("3", OciAssert.Header(page, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(page, "Link"), StringComparison.Ordinal);
        var names = (await RegistryClient.JsonAsync(page)).AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Equal([$"robot${project}+bot2", $"robot${project}+bot1"], names);
    }

    [Fact]
    public async Task Put_updates_changeable_fields_and_refuses_name_level_or_project_changes()
    {
        using var admin = factory.Admin();
        var (project, _) = await ProjectAsync();
        var (other, _) = await ProjectAsync();
        var created = await HarborRobots.CreateProjectRobotAsync(admin, project, "pull");
        var robot = await HarborRobots.GetAsync(admin, created.Id);

        async Task<HttpResponseMessage> PutAsync(Action<JsonNode> change)
        {
            var body = JsonNode.Parse(robot.ToJsonString())!;
            change(body);
            return await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/robots/{created.Id}", Raw(body.ToJsonString()));
        }

        using var renamed = await PutAsync(b => b["name"] = "robot$other");
        using var relevelled = await PutAsync(b => b["level"] = "system");
        using var moved = await PutAsync(b => b["permissions"]![0]!["namespace"] = other);
        using var invalid = await PutAsync(b => b["permissions"]![0]!["access"]![0]!["action"] = "fly");
        using var wrongType = await PutAsync(b => b["disable"] = "yes");
        foreach (var response in new[] { renamed, relevelled, moved, invalid, wrongType })
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        }

        Assert.Equal(robot.ToJsonString(), (await HarborRobots.GetAsync(admin, created.Id)).ToJsonString());

        using var updated = await PutAsync(b =>
        {
            b["description"] = "changed";
            b["duration"] = -1;
            b["permissions"]![0]!["access"]!.AsArray().Add(JsonNode.Parse("""{"resource":"repository","action":"push","effect":"allow"}"""));
        });
        OciAssert.Status(updated, HttpStatusCode.OK);
        var after = await HarborRobots.GetAsync(admin, created.Id);
        Assert.Equal(("changed", -1L, -1L), (after["description"]!.GetValue<string>(), after["duration"]!.GetValue<long>(), after["expires_at"]!.GetValue<long>()));
        Assert.Equal(2, after["permissions"]![0]!["access"]!.AsArray().Count);
        using var unknown = await admin.SendAsync(HttpMethod.Put, "/api/v2.0/robots/99999999", Raw(robot.ToJsonString()));
        await OciAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Patch_refreshes_the_secret_generated_or_given_and_refuses_weak_ones()
    {
        using var admin = factory.Admin();
        var (project, _) = await ProjectAsync();
        var created = await HarborRobots.CreateProjectRobotAsync(admin, project, "pull");
        var path = $"/api/v2.0/robots/{created.Id}";

        using var weak = await admin.SendAsync(HttpMethod.Patch, path, Raw("""{"secret":"weak"}"""));
        using var malformed = await admin.SendAsync(HttpMethod.Patch, path, Raw("""{"secret":1}"""));
        await OciAssert.ErrorAsync(weak, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(malformed, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(HttpStatusCode.OK, await HarborRobots.V2StatusAsync(factory, created.Name, created.Secret));

        using var generated = await admin.SendAsync(HttpMethod.Patch, path, Raw("{}"));
        OciAssert.Status(generated, HttpStatusCode.OK);
        var secret = (await RegistryClient.JsonAsync(generated))["secret"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Unauthorized, await HarborRobots.V2StatusAsync(factory, created.Name, created.Secret));
        Assert.Equal(HttpStatusCode.OK, await HarborRobots.V2StatusAsync(factory, created.Name, secret));

        using var given = await admin.SendAsync(HttpMethod.Patch, path, Raw("""{"secret":"Given-Secret-42"}"""));
        OciAssert.Status(given, HttpStatusCode.OK);
        Assert.Null((await RegistryClient.JsonAsync(given))["secret"]);
        Assert.Equal(HttpStatusCode.Unauthorized, await HarborRobots.V2StatusAsync(factory, created.Name, secret));
        Assert.Equal(HttpStatusCode.OK, await HarborRobots.V2StatusAsync(factory, created.Name, "Given-Secret-42"));
    }

    [Fact]
    public async Task Delete_removes_the_robot_and_its_credentials_at_once()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var created = await HarborRobots.CreateProjectRobotAsync(admin, project, "pull");
        Assert.Equal(HttpStatusCode.OK, await HarborRobots.V2StatusAsync(factory, created.Name, created.Secret));

        using var deleted = await admin.DeleteAsync($"/api/v2.0/robots/{created.Id}");
        using var again = await admin.DeleteAsync($"/api/v2.0/robots/{created.Id}");
        using var get = await admin.GetAsync($"/api/v2.0/robots/{created.Id}");
        using var badId = await admin.GetAsync("/api/v2.0/robots/abc");

        OciAssert.Status(deleted, HttpStatusCode.OK);
        await OciAssert.ErrorAsync(again, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(badId, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(0, await HarborRobots.CountAsync(admin, $"Level=project,ProjectID={projectId}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await HarborRobots.V2StatusAsync(factory, created.Name, created.Secret));
    }

    [Fact]
    public async Task A_robot_recreated_under_a_deleted_name_signs_in_with_its_own_secret_only()
    {
        using var admin = factory.Admin();
        var (project, _) = await ProjectAsync();
        var name = HarborRobots.NewName();
        var first = await HarborRobots.CreateAsync(admin, HarborRobots.ProjectRobot(name, project, 1, "pull"));
        Assert.Equal(HttpStatusCode.OK, await HarborRobots.V2StatusAsync(factory, first.Name, first.Secret));
        (await admin.DeleteAsync($"/api/v2.0/robots/{first.Id}")).Dispose();

        var second = await HarborRobots.CreateAsync(admin, HarborRobots.ProjectRobot(name, project, 1, "pull"));

        Assert.Equal(first.Name, second.Name);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, await HarborRobots.V2StatusAsync(factory, first.Name, first.Secret));
        Assert.Equal(HttpStatusCode.OK, await HarborRobots.V2StatusAsync(factory, second.Name, second.Secret));
    }

    [Fact]
    public async Task Permissions_lists_what_robots_may_be_granted_by_who_asks()
    {
        using var admin = factory.Admin();
        using var owner = await factory.NewUserAsync();
        using var stranger = await factory.NewUserAsync();
        await ProjectAsync(owner);

        using var forAdmin = await admin.GetAsync("/api/v2.0/permissions");
        using var forOwner = await owner.GetAsync("/api/v2.0/permissions");
        using var forStranger = await stranger.GetAsync("/api/v2.0/permissions");

        var all = await RegistryClient.JsonAsync(forAdmin);
        static List<string> Pairs(JsonNode? list) => list!.AsArray().Select(p => $"{p!["resource"]}:{p["action"]}").ToList();
        Assert.Contains("user:create", Pairs(all["system"]));
        Assert.Contains("repository:push", Pairs(all["project"]));
        Assert.DoesNotContain("repository:push", Pairs(all["system"]));
        var projectOnly = await RegistryClient.JsonAsync(forOwner);
        Assert.Null(projectOnly["system"]);
        Assert.Equal(Pairs(all["project"]), Pairs(projectOnly["project"]));
        await OciAssert.ErrorAsync(forStranger, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task A_robot_on_the_api_reaches_only_what_its_grants_cover()
    {
        using var admin = factory.Admin();
        var (project, projectId) = await ProjectAsync();
        var (other, otherId) = await ProjectAsync();
        var creator = await HarborRobots.CreateAsync(admin, new
        {
            name = HarborRobots.NewName(), duration = 1, level = "project",
            permissions = new[]
            {
                new { kind = "project", @namespace = project, access = new[] { HarborRobots.Access("robot", "create"), HarborRobots.Access("robot", "list"), HarborRobots.Access("repository", "pull") } },
            },
        });
        using var robot = factory.Client(creator.Name, creator.Secret);

        var child = await HarborRobots.CreateAsync(robot, HarborRobots.ProjectRobot(HarborRobots.NewName(), project, 1, "pull"));
        using var wider = await HarborRobots.PostAsync(robot, HarborRobots.ProjectRobot(HarborRobots.NewName(), project, 1, "push"));
        using var elsewhere = await HarborRobots.PostAsync(robot, HarborRobots.ProjectRobot(HarborRobots.NewName(), other, 1, "pull"));
        using var otherList = await robot.GetAsync($"/api/v2.0/robots?q=Level%3Dproject,ProjectID%3D{otherId}");
        using var systemList = await robot.GetAsync("/api/v2.0/robots");
        using var delete = await robot.DeleteAsync($"/api/v2.0/robots/{child.Id}");
        using var readProject = await robot.GetAsync($"/api/v2.0/projects/{project}");
        using var createProject = await HarborProjects.CreateAsync(robot, new { project_name = HarborProjects.NewName() });
        using var permissions = await robot.GetAsync("/api/v2.0/permissions");
        foreach (var response in new[] { wider, elsewhere, otherList, systemList, delete, readProject, createProject, permissions })
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        Assert.Equal(2, await HarborRobots.CountAsync(robot, $"Level=project,ProjectID={projectId}"));
        Assert.Equal("robot", (await HarborRobots.GetAsync(admin, child.Id))["creator_type"]!.GetValue<string>());
        Assert.Equal(0, await HarborRobots.CountAsync(admin, $"Level=project,ProjectID={otherId}"));
    }
}
