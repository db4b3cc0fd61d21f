using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Robots on /v2 and /service/token: their grants and nothing more, and every change effective at once.</summary>
public sealed class RobotAccessTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private async Task<(string Project, string Other, HarborRobots.Created Robot)> PushRobotAsync()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName();
        var other = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, false);
        await HarborProjects.CreateAsync(admin, other, false);
        return (project, other, await HarborRobots.CreateProjectRobotAsync(admin, project, "push", "pull"));
    }

    private static async Task<string> TokenScopeAsync(RegistryClient client, params string[] scopes)
    {
        var query = string.Join("&", scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));
        using var response = await client.GetAsync($"/service/token?service=artifactkeeper&{query}");
        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        Assert.Null(json["refresh_token"]);
        return json["scope"]!.GetValue<string>();
    }

    [Fact]
    public async Task Basic_robot_pushes_and_pulls_in_its_project_and_is_refused_elsewhere()
    {
        var (project, other, created) = await PushRobotAsync();
        using var robot = factory.Client(created.Name, created.Secret);

        var image = await robot.PushImageAsync(RegistryClient.UniqueRepo(project), "v1");
        using var pulled = await robot.GetAsync($"/v2/{image.Repository}/manifests/v1");
        using var elsewhere = await robot.SendAsync(HttpMethod.Post, $"/v2/{RegistryClient.UniqueRepo(other)}/blobs/uploads/");
        using var library = await robot.SendAsync(HttpMethod.Post, $"/v2/{RegistryClient.UniqueRepo()}/blobs/uploads/");
        using var delete = await robot.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Digest}");
        using var catalog = await robot.GetAsync("/v2/_catalog");

        OciAssert.Status(pulled, HttpStatusCode.OK);
        foreach (var response in new[] { elsewhere, library, delete, catalog })
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using var admin = factory.Admin();
        Assert.Equal(["v1"], await admin.TagsAsync(image.Repository));
    }

    [Fact]
    public async Task Token_scopes_are_cut_to_the_robots_grants()
    {
        var (project, other, created) = await PushRobotAsync();
        using var robot = factory.Client(created.Name, created.Secret);
        var mine = RegistryClient.UniqueRepo(project);
        var theirs = RegistryClient.UniqueRepo(other);

        var scope = await TokenScopeAsync(robot, $"repository:{mine}:pull,push,delete,*", $"repository:{theirs}:pull,push", "registry:catalog:*");
        var token = await robot.TokenAsync($"repository:{mine}:pull,push", $"repository:{theirs}:pull,push");
        using var bearer = factory.Bearer(token);
        await bearer.PushImageAsync(mine, "v1");
        using var refused = await bearer.SendAsync(HttpMethod.Post, $"/v2/{theirs}/blobs/uploads/");

        Assert.Equal($"repository:{mine}:pull,push", scope);
        await OciAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Oauth2_password_grant_works_for_robots_without_a_refresh_token()
    {
        var (project, _, created) = await PushRobotAsync();
        using var anonymous = factory.Anonymous();
        var repo = RegistryClient.UniqueRepo(project);

        using var response = await anonymous.SendAsync(HttpMethod.Post, "/service/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["service"] = "artifactkeeper", ["client_id"] = "test", ["access_type"] = "offline",
            ["username"] = created.Name, ["password"] = created.Secret, ["scope"] = $"repository:{repo}:push",
        }));

        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        Assert.Equal($"repository:{repo}:push", json["scope"]!.GetValue<string>());
        Assert.Null(json["refresh_token"]);
    }

    [Fact]
    public async Task Disabled_robot_is_401_everywhere_until_enabled_again()
    {
        var (project, _, created) = await PushRobotAsync();
        using var admin = factory.Admin();
        var robotJson = await HarborRobots.GetAsync(admin, created.Id);
        using var robot = factory.Client(created.Name, created.Secret);
        OciAssert.Status(await robot.GetAsync("/v2/"), HttpStatusCode.OK);

        robotJson["disable"] = true;
        using var disable = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/robots/{created.Id}", HarborProjects.Json(robotJson.ToJsonString()));
        OciAssert.Status(disable, HttpStatusCode.OK);

        using var v2 = await robot.GetAsync("/v2/");
        using var push = await robot.SendAsync(HttpMethod.Post, $"/v2/{RegistryClient.UniqueRepo(project)}/blobs/uploads/");
        using var token = await robot.GetAsync($"/service/token?service=artifactkeeper&scope=repository:{project}/x:pull");
        using var api = await robot.GetAsync($"/api/v2.0/projects/{project}");
        Assert.Equal(HttpStatusCode.Unauthorized, v2.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        await OciAssert.ErrorAsync(api, HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        robotJson["disable"] = false;
        using var enable = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/robots/{created.Id}", HarborProjects.Json(robotJson.ToJsonString()));
        OciAssert.Status(enable, HttpStatusCode.OK);
        OciAssert.Status(await robot.GetAsync("/v2/"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refreshed_secret_refuses_the_old_one_at_once_on_v2_and_token()
    {
        var (project, _, created) = await PushRobotAsync();
        using var admin = factory.Admin();
        using var old = factory.Client(created.Name, created.Secret);
        OciAssert.Status(await old.GetAsync("/v2/"), HttpStatusCode.OK);

        using var refresh = await admin.SendAsync(HttpMethod.Patch, $"/api/v2.0/robots/{created.Id}", JsonContent.Create(new { secret = "" }));
        var secret = (await RegistryClient.JsonAsync(refresh))["secret"]!.GetValue<string>();

        using var oldToken = await old.GetAsync($"/service/token?service=artifactkeeper&scope=repository:{project}/x:pull");
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/v2/")).StatusCode);
        using var fresh = factory.Client(created.Name, secret);
        await fresh.PushImageAsync(RegistryClient.UniqueRepo(project), "v1");
    }

    [Fact]
    public async Task Robot_secret_is_never_logged_nor_returned_after_creation()
    {
        var (_, _, created) = await PushRobotAsync();
        using var admin = factory.Admin();

        using var list = await admin.GetAsync("/api/v2.0/robots?q=Level%3Dproject,ProjectID%3D" + (await HarborRobots.GetAsync(admin, created.Id))["permissions"]![0]!["namespace"]);
        var one = await HarborRobots.GetAsync(admin, created.Id);

        Assert.DoesNotContain(created.Secret, one.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
