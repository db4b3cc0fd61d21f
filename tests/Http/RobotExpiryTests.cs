using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>A robot past its duration is refused (the clock is moved, nothing sleeps).</summary>
public sealed class RobotExpiryTests(ClockedRegistryFactory factory) : IClassFixture<ClockedRegistryFactory>
{
    [Fact]
    public async Task Expired_robot_is_401_on_v2_token_and_api()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, false);
        var created = await HarborRobots.CreateAsync(admin, HarborRobots.ProjectRobot(HarborRobots.NewName(), project, 2, "push", "pull"));
        using var robot = factory.Client(created.Name, created.Secret);
        await robot.PushImageAsync(RegistryClient.UniqueRepo(project), "v1");

        factory.Clock.Advance(TimeSpan.FromDays(1));
        OciAssert.Status(await robot.GetAsync("/v2/"), HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        using var v2 = await robot.GetAsync("/v2/");
        using var token = await robot.GetAsync($"/service/token?service=artifactkeeper&scope=repository:{project}/x:pull");
        using var api = await robot.GetAsync("/api/v2.0/robots");
        Assert.Equal(HttpStatusCode.Unauthorized, v2.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        await OciAssert.ErrorAsync(api, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.False((await HarborRobots.GetAsync(admin, created.Id))["disable"]!.GetValue<bool>());
    }
}
