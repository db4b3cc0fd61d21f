using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Access;

/// <summary>
/// What one caller may do in one project: the union of every source that applies. Pure; the gateway gathers the
/// inputs (system admin flag, roles from the project grain, grants of other sources such as robot accounts).
/// </summary>
public sealed class ProjectPermissionSet
{
    private readonly HashSet<Permission> _held;

    private ProjectPermissionSet(HashSet<Permission> held) => _held = held;

    public static ProjectPermissionSet None { get; } = new([]);

    /// <summary>Held permissions (relative resources), in no particular order.</summary>
    public IReadOnlyCollection<Permission> Held => _held;

    /// <summary>
    /// Harbor's rule: a system administrator holds every project permission; everyone else the union of the
    /// roles they hold (directly or through groups) and of <paramref name="grants"/>; in a public project
    /// anyone, anonymous included, adds the public-project reads.
    /// </summary>
    public static ProjectPermissionSet Resolve(bool systemAdmin, bool publicProject, IEnumerable<ProjectRole> roles, IEnumerable<Permission> grants)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(grants);
        var held = new HashSet<Permission>(grants);
        if (systemAdmin)
        {
            held.UnionWith(RolePermissions.AllProject);
        }

        foreach (var role in roles)
        {
            held.UnionWith(RolePermissions.Of(role));
        }

        if (publicProject)
        {
            held.UnionWith(RolePermissions.PublicProject);
        }

        return new ProjectPermissionSet(held);
    }

    /// <summary>Whether some held permission (wildcards included) covers <paramref name="wanted"/>.</summary>
    public bool Allows(Permission wanted)
    {
        if (_held.Contains(wanted))
        {
            return true;
        }

        foreach (var held in _held)
        {
            if (held.Covers(wanted))
            {
                return true;
            }
        }

        return false;
    }
}
