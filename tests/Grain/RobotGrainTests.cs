using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

[Collection(RegistryClusterCollection.Name)]
public sealed class RobotGrainTests(RegistryClusterFixture fixture)
{
    private IRobotDirectoryGrain Directory => fixture.Client.GetGrain<IRobotDirectoryGrain>(0);

    private IRobotGrain Robot(long id) => fixture.Client.GetGrain<IRobotGrain>(id);

    private static RobotAccess Allow(string resource, string action) => new(resource, action, "allow");

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<ProjectInfo> ProjectAsync()
    {
        var name = Unique("p");
        var result = await fixture.Client.GetGrain<IProjectGrain>(name).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()));
        return result.Project!;
    }

    private static CreateRobotRequest ProjectRobot(ProjectInfo project, string name, long duration = 30) =>
        new(name, "ci", RobotLevels.Project, project.Name, project.ProjectId, duration, false,
            [new RobotPermission(RobotLevels.Project, project.Name, project.ProjectId, [Allow("repository", "push")])], "local", 1);

    [Fact]
    public async Task TryCreate_stores_a_hash_not_the_secret_and_the_secret_verifies()
    {
        var project = await ProjectAsync();
        var result = await Directory.TryCreateAsync(ProjectRobot(project, "ci"));

        Assert.True(result.Succeeded, result.Message);
        var robot = result.Robot!;
        Assert.Equal($"{project.Name}+ci", robot.Name);
        Assert.Equal(RobotLevels.Project, robot.Level);
        Assert.InRange(fixture.Clock.GetUtcNow().AddDays(30).ToUnixTimeSeconds() - robot.ExpiresAt, 0L, 5L);
        var stored = await fixture.Metadata.GetRobotAsync(robot.RobotId, CancellationToken.None);
        Assert.DoesNotContain(result.Secret!, stored!.SecretHash, StringComparison.Ordinal);
        Assert.Equal(RobotLoginStatus.Accepted, (await Robot(robot.RobotId).VerifySecretAsync(result.Secret!)).Status);
        Assert.Equal(RobotLoginStatus.Rejected, (await Robot(robot.RobotId).VerifySecretAsync(result.Secret! + "x")).Status);
        Assert.Equal(robot.RobotId, await Directory.FindIdAsync(robot.Name));
    }

    [Fact]
    public async Task TryCreate_duplicate_name_is_a_conflict_and_changes_nothing()
    {
        var project = await ProjectAsync();
        var first = await Directory.TryCreateAsync(ProjectRobot(project, "dup"));

        var second = await Directory.TryCreateAsync(ProjectRobot(project, "dup") with { Description = "other" });

        Assert.Equal(RegistryError.Conflict, second.Error);
        Assert.Null(second.Secret);
        Assert.Equal("ci", (await Robot(first.Robot!.RobotId).GetAsync())!.Description);
        Assert.Equal(RobotLoginStatus.Accepted, (await Robot(first.Robot.RobotId).VerifySecretAsync(first.Secret!)).Status);
    }

    [Fact]
    public async Task TryCreate_invalid_request_is_refused_and_stores_nothing()
    {
        var project = await ProjectAsync();

        var badName = await Directory.TryCreateAsync(ProjectRobot(project, "Bad+Name"));
        var badDuration = await Directory.TryCreateAsync(ProjectRobot(project, "okname", duration: 0));

        Assert.Equal(RegistryError.BadRequest, badName.Error);
        Assert.Equal(RegistryError.BadRequest, badDuration.Error);
        Assert.Null(await Directory.FindIdAsync($"{project.Name}+okname"));
    }

    [Fact]
    public async Task Disabled_and_expired_robots_are_refused_only_with_the_right_secret()
    {
        var project = await ProjectAsync();
        var created = await Directory.TryCreateAsync(ProjectRobot(project, "life", duration: 1));
        var robot = Robot(created.Robot!.RobotId);

        var disabled = await robot.TryUpdateAsync(new UpdateRobotRequest("ci", 1, true, created.Robot.Permissions));
        Assert.True(disabled.Succeeded, disabled.Message);
        Assert.Equal(RobotLoginStatus.Disabled, (await robot.VerifySecretAsync(created.Secret!)).Status);
        Assert.Equal(RobotLoginStatus.Rejected, (await robot.VerifySecretAsync("Wrong-Secret-1")).Status);

        await robot.TryUpdateAsync(new UpdateRobotRequest("ci", 1, false, created.Robot.Permissions));
        fixture.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Equal(RobotLoginStatus.Expired, (await robot.VerifySecretAsync(created.Secret!)).Status);
    }

    [Fact]
    public async Task TryUpdate_recomputes_expiry_from_creation_and_refuses_another_project()
    {
        var project = await ProjectAsync();
        var other = await ProjectAsync();
        var created = (await Directory.TryCreateAsync(ProjectRobot(project, "upd"))).Robot!;
        var robot = Robot(created.RobotId);

        var moved = await robot.TryUpdateAsync(new UpdateRobotRequest("x", 30, false,
            [new RobotPermission(RobotLevels.Project, other.Name, other.ProjectId, [Allow("repository", "pull")])]));
        var updated = await robot.TryUpdateAsync(new UpdateRobotRequest("new", -1, false, created.Permissions));

        Assert.Equal(RegistryError.BadRequest, moved.Error);
        Assert.True(updated.Succeeded, updated.Message);
        Assert.Equal(-1, updated.Robot!.ExpiresAt);
        await fixture.ReactivateAsync(robot);
        var reloaded = await robot.GetAsync();
        Assert.Equal(("new", -1L, created.Name), (reloaded!.Description, reloaded.Duration, reloaded.Name));
    }

    [Fact]
    public async Task TryRefreshSecret_replaces_the_secret_at_once()
    {
        var project = await ProjectAsync();
        var created = await Directory.TryCreateAsync(ProjectRobot(project, "sec"));
        var robot = Robot(created.Robot!.RobotId);
        Assert.Equal(RobotLoginStatus.Accepted, (await robot.VerifySecretAsync(created.Secret!)).Status);

        var weak = await robot.TryRefreshSecretAsync("weak");
        Assert.Equal(RegistryError.BadRequest, weak.Error);
        Assert.Equal(RobotLoginStatus.Accepted, (await robot.VerifySecretAsync(created.Secret!)).Status);

        var generated = await robot.TryRefreshSecretAsync(null);
        Assert.Equal(RobotLoginStatus.Rejected, (await robot.VerifySecretAsync(created.Secret!)).Status);
        Assert.Equal(RobotLoginStatus.Accepted, (await robot.VerifySecretAsync(generated.Secret!)).Status);

        var chosen = await robot.TryRefreshSecretAsync("Chosen-Secret-9");
        Assert.Null(chosen.Secret);
        Assert.Equal(RobotLoginStatus.Rejected, (await robot.VerifySecretAsync(generated.Secret!)).Status);
        Assert.Equal(RobotLoginStatus.Accepted, (await robot.VerifySecretAsync("Chosen-Secret-9")).Status);
    }

    [Fact]
    public async Task Delete_and_project_deletion_refuse_the_robot()
    {
        var project = await ProjectAsync();
        var first = await Directory.TryCreateAsync(ProjectRobot(project, "gone"));
        var second = await Directory.TryCreateAsync(ProjectRobot(project, "orphan"));

        Assert.True(await Robot(first.Robot!.RobotId).DeleteAsync());
        Assert.Equal(RobotLoginStatus.Rejected, (await Robot(first.Robot.RobotId).VerifySecretAsync(first.Secret!)).Status);
        Assert.Null(await fixture.Metadata.GetRobotAsync(first.Robot.RobotId, CancellationToken.None));

        Assert.Equal(RobotLoginStatus.Accepted, (await Robot(second.Robot!.RobotId).VerifySecretAsync(second.Secret!)).Status);
        Assert.NotNull(await Robot(second.Robot.RobotId).GetAsync());
        Assert.True((await fixture.Client.GetGrain<IProjectGrain>(project.Name).TryDeleteAsync()).Succeeded);
        Assert.Equal(RobotLoginStatus.Rejected, (await Robot(second.Robot.RobotId).VerifySecretAsync(second.Secret!)).Status);
        Assert.Null(await Robot(second.Robot.RobotId).GetAsync());
    }
}
