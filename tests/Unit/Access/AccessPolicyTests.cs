using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Access;

public sealed class AccessPolicyTests
{
    private static readonly UserInfo Admin = new(1, "admin", IsAdmin: true);
    private static readonly UserInfo Alice = new(2, "alice", IsAdmin: false);
    private static readonly ProjectInfo PublicProject = Project("library", isPublic: true);
    private static readonly ProjectInfo PrivateProject = Project("secret", isPublic: false);

    private static ProjectInfo Project(string name, bool isPublic) =>
        new(7, name, isPublic, "admin", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            new Dictionary<string, string> { ["public"] = isPublic ? "true" : "false" });

    /// <summary>What <paramref name="user"/>, holding <paramref name="roles"/>, gets in <paramref name="project"/> (null: missing).</summary>
    private static IReadOnlyList<string> Granted(UserInfo? user, ProjectInfo? project, IReadOnlyCollection<string> requested, params ProjectRole[] roles)
    {
        var admin = user is { IsAdmin: true };
        var held = project is null ? null : ProjectPermissionSet.Resolve(admin, project.Public, roles, []);
        return AccessPolicy.GrantedActions(held, admin, requested);
    }

    [Theory]
    [InlineData(ProjectRole.ProjectAdmin, "pull,push,delete")]
    [InlineData(ProjectRole.Maintainer, "pull,push,delete")]
    [InlineData(ProjectRole.Developer, "pull,push")]
    [InlineData(ProjectRole.Guest, "pull")]
    [InlineData(ProjectRole.LimitedGuest, "pull")]
    public void GrantedActions_member_gets_what_its_role_allows_in_a_private_project(ProjectRole role, string expected)
    {
        Assert.Equal(expected.Split(','), Granted(Alice, PrivateProject, ["pull", "push", "delete"], role));
    }

    [Fact]
    public void GrantedActions_roles_of_several_memberships_add_up()
    {
        Assert.Equal(["pull", "push", "delete"], Granted(Alice, PrivateProject, ["pull", "push", "delete"], ProjectRole.Guest, ProjectRole.Developer, ProjectRole.Maintainer));
        Assert.Equal(["pull", "push"], Granted(Alice, PrivateProject, ["pull", "push", "delete"], ProjectRole.LimitedGuest, ProjectRole.Developer));
    }

    [Fact]
    public void GrantedActions_wildcard_needs_pull_push_and_delete()
    {
        Assert.Equal(["*"], Granted(Alice, PrivateProject, ["*"], ProjectRole.Maintainer));
        Assert.Empty(Granted(Alice, PrivateProject, ["*"], ProjectRole.Developer));
    }

    [Fact]
    public void GrantedActions_admin_gets_every_known_requested_action()
    {
        var granted = Granted(Admin, PrivateProject, ["pull", "push", "delete"]);

        Assert.Equal(["pull", "push", "delete"], granted);
    }

    [Fact]
    public void GrantedActions_admin_requesting_wildcard_gets_wildcard()
    {
        var granted = Granted(Admin, PrivateProject, ["*"]);

        Assert.Equal(["*"], granted);
    }

    [Fact]
    public void GrantedActions_admin_gets_only_what_was_requested()
    {
        Assert.Equal(["pull"], Granted(Admin, PublicProject, ["pull"]));
    }

    [Fact]
    public void GrantedActions_admin_on_missing_project_gets_pull_and_push_only()
    {
        var granted = Granted(Admin, project: null, ["pull", "push", "delete", "*"]);

        Assert.Equal(["pull", "push"], granted);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GrantedActions_non_admin_on_missing_project_gets_nothing(bool authenticated)
    {
        var granted = Granted(authenticated ? Alice : null, project: null, ["pull", "push"]);

        Assert.Empty(granted);
    }

    [Fact]
    public void GrantedActions_anonymous_on_public_project_gets_pull_only()
    {
        var granted = Granted(null, PublicProject, ["pull", "push", "delete", "*"]);

        Assert.Equal(["pull"], granted);
    }

    [Fact]
    public void GrantedActions_anonymous_on_private_project_gets_nothing()
    {
        Assert.Empty(Granted(null, PrivateProject, ["pull"]));
    }

    [Fact]
    public void GrantedActions_authenticated_user_on_public_project_gets_pull_only()
    {
        var granted = Granted(Alice, PublicProject, ["push", "pull"]);

        Assert.Equal(["pull"], granted);
    }

    [Fact]
    public void GrantedActions_authenticated_user_on_private_project_gets_nothing()
    {
        Assert.Empty(Granted(Alice, PrivateProject, ["pull", "push"]));
    }

    [Fact]
    public void GrantedActions_pull_not_requested_is_not_granted_even_when_public()
    {
        Assert.Empty(Granted(null, PublicProject, ["push"]));
        Assert.Empty(Granted(Alice, PublicProject, ["*"]));
    }

    [Theory]
    [InlineData("Pull")]
    [InlineData("PUSH")]
    [InlineData("fly")]
    [InlineData("")]
    [InlineData("pull ")]
    public void GrantedActions_unknown_actions_are_never_granted_even_to_admin(string action)
    {
        Assert.Empty(Granted(Admin, PublicProject, [action]));
    }

    [Fact]
    public void GrantedActions_duplicates_collapse_and_order_follows_request()
    {
        var granted = Granted(Admin, PublicProject, ["push", "pull", "push", "fly", "pull"]);

        Assert.Equal(["push", "pull"], granted);
    }

    [Fact]
    public void GrantedActions_nothing_requested_grants_nothing()
    {
        Assert.Empty(Granted(Admin, PublicProject, []));
    }

    [Theory]
    [InlineData("pull", "pull", true)]
    [InlineData("pull", "push", false)]
    [InlineData("pull,push", "push", true)]
    [InlineData("pull,push", "delete", false)]
    [InlineData("*", "pull", true)]
    [InlineData("*", "push", true)]
    [InlineData("*", "delete", true)]
    [InlineData("", "pull", false)]
    [InlineData("PULL", "pull", false)]
    public void Allows_checks_held_actions_and_wildcard(string held, string action, bool expected)
    {
        var granted = held.Split(',', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, AccessPolicy.Allows(granted, action));
    }

    [Fact]
    public void Allows_admin_wildcard_grant_covers_push_pull_and_delete()
    {
        var granted = Granted(Admin, PrivateProject, ["*"]);

        Assert.True(AccessPolicy.Allows(granted, AccessPolicy.Pull));
        Assert.True(AccessPolicy.Allows(granted, AccessPolicy.Push));
        Assert.True(AccessPolicy.Allows(granted, AccessPolicy.Delete));
    }
}
