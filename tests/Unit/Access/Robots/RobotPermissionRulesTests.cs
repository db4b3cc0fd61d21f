using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;

namespace ArtifactKeeper.Tests.Unit.Access.Robots;

public sealed class RobotPermissionRulesTests
{
    private static RobotPermission Project(string ns, params (string Resource, string Action)[] access) =>
        new(RobotLevels.Project, ns, ns == "*" ? 0 : 5, access.Select(a => new RobotAccess(a.Resource, a.Action, "allow")).ToList());

    private static RobotPermission System(params (string Resource, string Action)[] access) =>
        new(RobotLevels.System, "/", 0, access.Select(a => new RobotAccess(a.Resource, a.Action, "")).ToList());

    [Fact]
    public void Validate_accepts_a_project_robot_with_pull_and_push() =>
        Assert.Null(RobotPermissionRules.Validate("project", 30, "ci", [Project("lib", ("repository", "pull"), ("repository", "push"))]));

    [Fact]
    public void Validate_accepts_a_system_robot_over_system_all_projects_and_named_projects() =>
        Assert.Null(RobotPermissionRules.Validate("system", -1, null,
            [System(("project", "create"), ("robot", "list")), Project("*", ("repository", "pull")), Project("lib", ("repository", "push"))]));

    public static TheoryData<string, long, string?, RobotPermission[], string> Invalid() => new()
    {
        { "project", 0, null, [Project("lib", ("repository", "pull"))], "duration" },
        { "global", 1, null, [Project("lib", ("repository", "pull"))], "level" },
        { "project", 1, new string('d', 1025), [Project("lib", ("repository", "pull"))], "description" },
        { "system", 1, null, [], "empty permission" },
        { "system", 1, null, [System()], "empty access" },
        { "project", 1, null, [Project("lib", ("repository", "pull")), Project("other", ("repository", "pull"))], "exactly one permission" },
        { "project", 1, null, [Project("*", ("repository", "pull"))], "not \"*\"" },
        { "project", 1, null, [System(("project", "create"))], "only hold project permissions" },
        { "system", 1, null, [System(("repository", "pull"))], "repository:pull cannot be granted at system level" },
        { "system", 1, null, [Project("lib", ("user", "create"))], "user:create cannot be granted at project level" },
        { "system", 1, null, [Project("lib", ("repository", "*"))], "repository:* cannot be granted" },
        { "system", 1, null, [Project("lib", ("*", "pull"))], "*:pull cannot be granted" },
        { "system", 1, null, [Project("lib", ("repository", "fly"))], "repository:fly" },
        { "system", 1, null, [new(RobotLevels.System, "lib", 0, [new("project", "create", "")])], "namespace of a system permission" },
        { "system", 1, null, [new("cluster", "/", 0, [new("project", "create", "")])], "bad request permission level: cluster" },
        { "system", 1, null, [Project("lib", ("repository", "pull")), Project("lib", ("repository", "push"))], "more than once" },
        { "system", 1, null, [new(RobotLevels.Project, "lib", 5, [new("repository", "pull", "maybe")])], "effect maybe" },
        { "system", 1, null, [new(RobotLevels.Project, "", 5, [new("repository", "pull", "")])], "names a project" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_refuses_invalid_sets_with_a_message_naming_the_problem(string level, long duration, string? description, RobotPermission[] permissions, string expected)
    {
        var error = RobotPermissionRules.Validate(level, duration, description, permissions);

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_grantable_permission_is_a_real_resource_and_action_without_wildcards()
    {
        var resources = typeof(RbacResources).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var actions = typeof(RbacActions).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();

        Assert.All(RobotPolicies.System.Concat(RobotPolicies.Project), p =>
        {
            Assert.Contains(p.Resource, resources);
            Assert.Contains(p.Action, actions);
            Assert.NotEqual("*", p.Resource);
            Assert.NotEqual("*", p.Action);
        });
        Assert.Contains(new Permission("repository", "push"), RobotPolicies.Project);
        Assert.DoesNotContain(new Permission("repository", "push"), RobotPolicies.System);
        Assert.Contains(new Permission("user", "create"), RobotPolicies.System);
    }
}
