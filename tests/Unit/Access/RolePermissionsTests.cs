using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Access;

/// <summary>
/// Pins Harbor's project role matrix row by row, written out by resource ("" is the project itself), so any
/// change to a role is a visible diff against Harbor's policy lists.
/// </summary>
public sealed class RolePermissionsTests
{
    private static readonly Dictionary<ProjectRole, string[]> Expected = new()
    {
        [ProjectRole.ProjectAdmin] =
        [
            ":read,update,delete", "member:create,read,update,delete,list", "metadata:create,read,update,delete", "log:list",
            "label:create,read,update,delete,list", "quota:read", "repository:create,read,update,delete,list,pull,push",
            "tag-retention:create,read,update,delete,list,operate", "immutable-tag:create,update,delete,list", "configuration:read,update",
            "robot:create,read,update,delete,list", "notification-policy:create,update,delete,list,read", "scan:create,read,stop",
            "sbom:create,stop,read", "scanner:read,create", "artifact:create,read,delete,list", "artifact-addition:read",
            "tag:list,create,delete", "accessory:list", "artifact-label:create,delete", "preheat-policy:create,read,update,delete,list",
            "export-cve:create,read,list",
        ],
        [ProjectRole.Maintainer] =
        [
            ":read", "member:read,list", "metadata:read", "quota:read", "label:create,read,update,delete,list",
            "repository:create,read,update,delete,list,push,pull", "tag-retention:create,read,update,delete,list,operate", "accessory:list",
            "immutable-tag:create,update,delete,list", "configuration:read", "robot:read,list", "notification-policy:read,list",
            "scan:create,read,stop", "sbom:create,stop,read", "scanner:read", "artifact:create,read,delete,list", "artifact-addition:read",
            "tag:list,create,delete", "artifact-label:create,delete", "export-cve:create,read,list",
        ],
        [ProjectRole.Developer] =
        [
            ":read", "member:read,list", "label:read,list", "quota:read", "repository:create,read,update,list,push,pull",
            "tag-retention:create,read,update,delete,list,operate", "configuration:read", "robot:read,list", "scan:read", "sbom:read",
            "scanner:read", "artifact:create,read,list", "artifact-addition:read", "tag:list,create", "accessory:list",
            "artifact-label:create,delete", "export-cve:create,read,list",
        ],
        [ProjectRole.Guest] =
        [
            ":read", "member:read,list", "label:read,list", "quota:read", "repository:read,list,pull", "configuration:read",
            "robot:read,list", "scan:read", "sbom:read", "scanner:read", "tag:list", "accessory:list", "artifact:read,list",
            "artifact-addition:read",
        ],
        [ProjectRole.LimitedGuest] =
        [
            ":read", "quota:read", "repository:list,read,pull", "configuration:read", "scan:read", "sbom:read", "scanner:read",
            "tag:list", "accessory:list", "artifact:read,list", "artifact-addition:read",
        ],
    };

    private static HashSet<string> Expand(IEnumerable<string> rows) =>
        rows.SelectMany(row =>
        {
            var colon = row.IndexOf(':', StringComparison.Ordinal);
            return row[(colon + 1)..].Split(',').Select(action => $"{row[..colon]}:{action}");
        }).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Actual(IEnumerable<Permission> permissions) =>
        permissions.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);

    [Theory]
    [InlineData(ProjectRole.ProjectAdmin)]
    [InlineData(ProjectRole.Maintainer)]
    [InlineData(ProjectRole.Developer)]
    [InlineData(ProjectRole.Guest)]
    [InlineData(ProjectRole.LimitedGuest)]
    public void Role_matrix_row_matches_harbor(ProjectRole role)
    {
        var expected = Expand(Expected[role]);
        var actual = Actual(RolePermissions.Of(role));

        Assert.Empty(expected.Except(actual));
        Assert.Empty(actual.Except(expected));
    }

    [Fact]
    public void Public_project_reads_match_harbor()
    {
        var expected = Expand([":read", "label:read,list", "repository:list,pull", "scan:read", "scanner:read", "tag:list", "artifact:read,list", "artifact-addition:read", "accessory:list"]);

        Assert.Equal(expected.Order(StringComparer.Ordinal), Actual(RolePermissions.PublicProject).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void System_admin_holds_the_union_of_every_role()
    {
        var union = Expected.Values.SelectMany(Expand).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(union.Order(StringComparer.Ordinal), Actual(RolePermissions.AllProject).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Role_ids_and_names_are_harbors()
    {
        Assert.Equal(
            [(1, "projectAdmin"), (2, "developer"), (3, "guest"), (4, "maintainer"), (5, "limitedGuest")],
            Enum.GetValues<ProjectRole>().Select(r => ((int)r, ProjectRoles.NameOf(r))));
        Assert.False(ProjectRoles.IsDefined(0));
        Assert.False(ProjectRoles.IsDefined(6));
    }

    [Theory]
    [InlineData(ProjectRole.Developer, "member", "create", false)]
    [InlineData(ProjectRole.Maintainer, "member", "create", false)]
    [InlineData(ProjectRole.ProjectAdmin, "member", "create", true)]
    [InlineData(ProjectRole.LimitedGuest, "member", "list", false)]
    [InlineData(ProjectRole.Guest, "member", "list", true)]
    [InlineData(ProjectRole.Maintainer, "", "update", false)]
    [InlineData(ProjectRole.ProjectAdmin, "", "update", true)]
    public void Permission_set_of_a_member_allows_what_the_role_has(ProjectRole role, string resource, string action, bool allowed)
    {
        var set = ProjectPermissionSet.Resolve(false, false, [role], []);

        Assert.Equal(allowed, set.Allows(new Permission(resource, action)));
    }

    [Fact]
    public void Permission_set_adds_public_reads_and_extra_grants_and_nothing_else()
    {
        var anonymousPublic = ProjectPermissionSet.Resolve(false, true, [], []);
        var granted = ProjectPermissionSet.Resolve(false, false, [], [new Permission("repository", "*")]);

        Assert.True(anonymousPublic.Allows(new Permission("repository", "pull")));
        Assert.False(anonymousPublic.Allows(new Permission("repository", "push")));
        Assert.False(anonymousPublic.Allows(new Permission("member", "list")));
        Assert.True(granted.Allows(new Permission("repository", "delete")));
        Assert.False(granted.Allows(new Permission("artifact", "delete")));
        Assert.Empty(ProjectPermissionSet.Resolve(false, false, [], []).Held);
    }
}
