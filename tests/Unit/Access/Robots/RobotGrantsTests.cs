using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Access.Robots;

public sealed class RobotGrantsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ProjectInfo Lib = Project(5, "lib");
    private static readonly ProjectInfo Other = Project(6, "other");
    private static readonly ProjectInfo Open = Project(7, "open", isPublic: true);

    private static ProjectInfo Project(long id, string name, bool isPublic = false, string owner = "alice") =>
        new(id, name, isPublic, owner, T0, T0, new Dictionary<string, string>());

    private static RobotAccess Allow(string resource, string action) => new(resource, action, "allow");

    private static RobotInfo Robot(string level, long projectId, params RobotPermission[] permissions) =>
        new(1, "r", "", level, projectId, -1, -1, false, "local", 1, T0, T0, permissions);

    private static RobotInfo ProjectRobot(params RobotAccess[] access) =>
        Robot(RobotLevels.Project, Lib.ProjectId, new RobotPermission(RobotLevels.Project, "lib", Lib.ProjectId, access));

    [Fact]
    public void Project_robot_gets_its_grants_in_its_project_only()
    {
        var robot = ProjectRobot(Allow("repository", "push"), Allow("repository", "pull"));

        Assert.Equal(["pull", "push"], RobotGrants.RepositoryActions(robot, Lib, ["pull", "push", "delete", "*"]));
        Assert.Empty(RobotGrants.RepositoryActions(robot, Other, ["pull", "push"]));
        Assert.Empty(RobotGrants.RepositoryActions(robot, null, ["pull"]));
    }

    [Fact]
    public void Push_includes_pull_and_public_projects_are_pullable()
    {
        var robot = ProjectRobot(Allow("repository", "push"));

        Assert.Equal(["pull", "push"], RobotGrants.RepositoryActions(robot, Lib, ["pull", "push", "pull"]));
        Assert.Equal(["pull"], RobotGrants.RepositoryActions(robot, Open, ["push", "pull", "delete"]));
    }

    [Fact]
    public void The_scanner_robot_carries_scanner_pull_with_pull_and_nobody_else_does()
    {
        // Harbor's token holds every action the robot has, so the scanner's robot asking for pull gets scanner-pull too.
        var scanner = ProjectRobot(Allow("repository", "pull"), Allow("repository", "scanner-pull"));
        var puller = ProjectRobot(Allow("repository", "pull"), Allow("repository", "push"));

        Assert.Equal(["pull", "scanner-pull"], RobotGrants.RepositoryActions(scanner, Lib, ["pull"]));
        Assert.Equal(["scanner-pull", "pull"], RobotGrants.RepositoryActions(scanner, Lib, ["scanner-pull", "pull"]));
        Assert.Empty(RobotGrants.RepositoryActions(scanner, Lib, ["push"]));
        Assert.Empty(RobotGrants.RepositoryActions(scanner, Other, ["pull"]));
        Assert.Equal(["pull", "push"], RobotGrants.RepositoryActions(puller, Lib, ["pull", "push", "scanner-pull"]));
        Assert.Equal(["pull"], RobotGrants.RepositoryActions(puller, Open, ["pull", "scanner-pull"]));
    }

    [Fact]
    public void Grants_follow_the_project_id_not_the_name()
    {
        var recreated = Project(99, "lib");
        var robot = Robot(RobotLevels.System, 0, new RobotPermission(RobotLevels.Project, "lib", Lib.ProjectId, [Allow("repository", "push")]));

        Assert.Equal(["push"], RobotGrants.RepositoryActions(robot, Lib, ["push"]));
        Assert.Empty(RobotGrants.RepositoryActions(robot, recreated, ["push"]));
    }

    [Fact]
    public void System_robot_all_projects_entry_applies_everywhere_and_deny_wins()
    {
        var robot = Robot(
            RobotLevels.System,
            0,
            new RobotPermission(RobotLevels.Project, "*", 0, [Allow("repository", "pull"), Allow("repository", "delete")]),
            new RobotPermission(RobotLevels.Project, "other", Other.ProjectId, [new RobotAccess("repository", "delete", "deny")]));

        Assert.Equal(["pull", "delete"], RobotGrants.RepositoryActions(robot, Lib, ["pull", "push", "delete"]));
        Assert.Equal(["pull"], RobotGrants.RepositoryActions(robot, Other, ["pull", "push", "delete"]));
    }

    [Fact]
    public void A_project_robot_never_uses_an_all_projects_entry()
    {
        // Validation refuses this, but a stored set must not widen a project robot either.
        var robot = Robot(RobotLevels.Project, Lib.ProjectId, new RobotPermission(RobotLevels.Project, "*", 0, [Allow("repository", "push")]));

        Assert.Empty(RobotGrants.RepositoryActions(robot, Lib, ["push"]));
    }

    [Fact]
    public void System_permissions_only_count_for_system_robots()
    {
        var system = Robot(RobotLevels.System, 0, new RobotPermission(RobotLevels.System, "/", 0, [Allow("robot", "create")]));
        var project = Robot(RobotLevels.Project, Lib.ProjectId, new RobotPermission(RobotLevels.System, "/", 0, [Allow("robot", "create")]));

        Assert.True(RobotGrants.AllowsSystem(system, new Permission("robot", "create")));
        Assert.False(RobotGrants.AllowsSystem(system, new Permission("robot", "delete")));
        Assert.False(RobotGrants.AllowsSystem(project, new Permission("robot", "create")));
        Assert.False(RobotGrants.Allows(system, Lib, new Permission("robot", "create")));
    }

    private static readonly ProjectPermissionSet ProjectAdmin = ProjectPermissionSet.Resolve(false, false, [ProjectRole.ProjectAdmin], []);
    private static readonly ProjectPermissionSet Guest = ProjectPermissionSet.Resolve(false, false, [ProjectRole.Guest], []);

    [Fact]
    public void MayManage_system_robots_admin_or_granted_robot_only()
    {
        var admin = new UserInfo(1, "admin", true);
        var owner = new UserInfo(2, "alice", false);
        var granted = Robot(RobotLevels.System, 0, new RobotPermission(RobotLevels.System, "/", 0, [Allow("robot", "list")]));

        Assert.True(RobotManagementPolicy.MayManage(admin, null, RobotLevels.System, null, null, "create"));
        Assert.False(RobotManagementPolicy.MayManage(owner, null, RobotLevels.System, null, ProjectAdmin, "list"));
        Assert.True(RobotManagementPolicy.MayManage(null, granted, RobotLevels.System, null, null, "list"));
        Assert.False(RobotManagementPolicy.MayManage(null, granted, RobotLevels.System, null, null, "delete"));
    }

    [Fact]
    public void MayManage_project_robots_admin_role_holder_or_robot_granted_in_that_project()
    {
        var owner = new UserInfo(2, "alice", false);
        var stranger = new UserInfo(3, "bob", false);
        var granted = ProjectRobot(Allow("robot", "create"));

        Assert.True(RobotManagementPolicy.MayManage(owner, null, RobotLevels.Project, Lib, ProjectAdmin, "delete"));
        Assert.True(RobotManagementPolicy.MayManage(stranger, null, RobotLevels.Project, Lib, Guest, "list"));
        Assert.False(RobotManagementPolicy.MayManage(stranger, null, RobotLevels.Project, Lib, Guest, "create"));
        Assert.False(RobotManagementPolicy.MayManage(stranger, null, RobotLevels.Project, Lib, ProjectPermissionSet.None, "read"));
        Assert.True(RobotManagementPolicy.MayManage(null, granted, RobotLevels.Project, Lib, null, "create"));
        Assert.False(RobotManagementPolicy.MayManage(null, granted, RobotLevels.Project, Other, null, "create"));
        Assert.False(RobotManagementPolicy.MayManage(null, granted, RobotLevels.Project, Lib, null, "delete"));
        Assert.False(RobotManagementPolicy.MayManage(stranger, null, RobotLevels.Project, null, ProjectAdmin, "read"));
    }

    [Fact]
    public void IsWithinCreator_allows_subsets_only()
    {
        var creator = Robot(
            RobotLevels.System,
            0,
            new RobotPermission(RobotLevels.Project, "lib", Lib.ProjectId, [Allow("repository", "pull"), Allow("repository", "push")]),
            new RobotPermission(RobotLevels.Project, "*", 0, [Allow("repository", "pull")]));

        Assert.True(RobotManagementPolicy.IsWithinCreator([new(RobotLevels.Project, "lib", Lib.ProjectId, [Allow("repository", "push")])], creator));
        Assert.True(RobotManagementPolicy.IsWithinCreator([new(RobotLevels.Project, "other", Other.ProjectId, [Allow("repository", "pull")])], creator));
        Assert.False(RobotManagementPolicy.IsWithinCreator([new(RobotLevels.Project, "other", Other.ProjectId, [Allow("repository", "push")])], creator));
        Assert.False(RobotManagementPolicy.IsWithinCreator([new(RobotLevels.System, "/", 0, [Allow("robot", "create")])], creator));
    }
}
