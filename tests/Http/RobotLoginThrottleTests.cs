using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>The login throttle counts robots as it counts users; robot secrets never reach the logs.</summary>
public sealed class RobotLoginThrottleTests(LoginThrottleFactory factory) : IClassFixture<LoginThrottleFactory>
{
    private static string NewAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private async Task<HarborRobots.Created> RobotAsync()
    {
        using var admin = factory.Admin();
        return await HarborRobots.CreateProjectRobotAsync(admin, "library", "pull");
    }

    [Fact]
    public async Task Wrong_robot_secrets_lock_the_robot_out_even_with_the_right_secret()
    {
        var robot = await RobotAsync();
        var address = NewAddress();
        using var wrong = factory.Client(robot.Name, "Wrong-Secret-1", address);
        for (var i = 0; i < LoginThrottleFactory.MaxFailuresPerUser; i++)
        {
            using var refused = await wrong.GetAsync("/v2/");
            await OciAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using var right = factory.Client(robot.Name, robot.Secret, address);
        using var v2 = await right.GetAsync("/v2/");
        using var api = await right.GetAsync("/api/v2.0/robots");

        await OciAssert.ErrorAsync(v2, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
        await OciAssert.ErrorAsync(api, HttpStatusCode.TooManyRequests, "TOO_MANY_REQUESTS");
    }

    [Fact]
    public async Task Robot_logins_log_the_name_and_reason_but_never_the_secret()
    {
        var robot = await RobotAsync();
        using var admin = factory.Admin();
        using var wrong = factory.Client(robot.Name, robot.Secret + "x", NewAddress());
        using var right = factory.Client(robot.Name, robot.Secret, NewAddress());

        (await wrong.GetAsync("/v2/")).Dispose();
        (await right.GetAsync("/v2/")).Dispose();
        using var refresh = await admin.SendAsync(HttpMethod.Patch, $"/api/v2.0/robots/{robot.Id}", HarborProjects.Json("{}"));
        var newSecret = (await RegistryClient.JsonAsync(refresh))["secret"]!.GetValue<string>();
        (await right.GetAsync("/v2/")).Dispose();

        var refusals = factory.Logs.Events.Where(e => e.EventName == "RobotLoginRefused" && e.Properties.GetValueOrDefault("Robot") == robot.Name).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.All(factory.Logs.Events, e =>
        {
            Assert.DoesNotContain(robot.Secret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(newSecret, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(e.Properties.Values, v => v is not null && (v.Contains(robot.Secret, StringComparison.Ordinal) || v.Contains(newSecret, StringComparison.Ordinal)));
        });
    }
}
