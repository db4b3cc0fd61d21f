using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Access;

/// <summary>
/// Harbor's project role → permission matrix and the extra read permissions everyone (anonymous included)
/// has in a public project. Resources are relative to the project (<c>repository</c>, <c>member</c>, ...);
/// <see cref="ProjectPermissions.Self"/> is the project itself. Transcribed role by role from Harbor's project
/// RBAC policies so the rows can be compared with Harbor's side by side.
/// </summary>
public static class RolePermissions
{
    private static readonly string[] Crud = [RbacActions.Create, RbacActions.Read, RbacActions.Update, RbacActions.Delete];
    private static readonly string[] Crudl = [.. Crud, RbacActions.List];

    private static readonly IReadOnlySet<Permission> ProjectAdmin = Build(
        (ProjectPermissions.Self, [RbacActions.Read, RbacActions.Update, RbacActions.Delete]),
        (RbacResources.Member, Crudl),
        (RbacResources.Metadata, Crud),
        (RbacResources.Log, [RbacActions.List]),
        (RbacResources.Label, Crudl),
        (RbacResources.Quota, [RbacActions.Read]),
        (RbacResources.Repository, [.. Crudl, RbacActions.Pull, RbacActions.Push]),
        (RbacResources.TagRetention, [.. Crudl, RbacActions.Operate]),
        (RbacResources.ImmutableTag, [RbacActions.Create, RbacActions.Update, RbacActions.Delete, RbacActions.List]),
        (RbacResources.Configuration, [RbacActions.Read, RbacActions.Update]),
        (RbacResources.Robot, Crudl),
        (RbacResources.NotificationPolicy, Crudl),
        (RbacResources.Scan, [RbacActions.Create, RbacActions.Read, RbacActions.Stop]),
        (RbacResources.Sbom, [RbacActions.Create, RbacActions.Stop, RbacActions.Read]),
        (RbacResources.Scanner, [RbacActions.Read, RbacActions.Create]),
        (RbacResources.Artifact, [RbacActions.Create, RbacActions.Read, RbacActions.Delete, RbacActions.List]),
        (RbacResources.ArtifactAddition, [RbacActions.Read]),
        (RbacResources.Tag, [RbacActions.List, RbacActions.Create, RbacActions.Delete]),
        (RbacResources.Accessory, [RbacActions.List]),
        (RbacResources.ArtifactLabel, [RbacActions.Create, RbacActions.Delete]),
        (RbacResources.PreheatPolicy, Crudl),
        (RbacResources.ExportCve, [RbacActions.Create, RbacActions.Read, RbacActions.List]));

    private static readonly IReadOnlySet<Permission> Maintainer = Build(
        (ProjectPermissions.Self, [RbacActions.Read]),
        (RbacResources.Member, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Metadata, [RbacActions.Read]),
        (RbacResources.Quota, [RbacActions.Read]),
        (RbacResources.Label, Crudl),
        (RbacResources.Repository, [.. Crudl, RbacActions.Push, RbacActions.Pull]),
        (RbacResources.TagRetention, [.. Crudl, RbacActions.Operate]),
        (RbacResources.Accessory, [RbacActions.List]),
        (RbacResources.ImmutableTag, [RbacActions.Create, RbacActions.Update, RbacActions.Delete, RbacActions.List]),
        (RbacResources.Configuration, [RbacActions.Read]),
        (RbacResources.Robot, [RbacActions.Read, RbacActions.List]),
        (RbacResources.NotificationPolicy, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Scan, [RbacActions.Create, RbacActions.Read, RbacActions.Stop]),
        (RbacResources.Sbom, [RbacActions.Create, RbacActions.Stop, RbacActions.Read]),
        (RbacResources.Scanner, [RbacActions.Read]),
        (RbacResources.Artifact, [RbacActions.Create, RbacActions.Read, RbacActions.Delete, RbacActions.List]),
        (RbacResources.ArtifactAddition, [RbacActions.Read]),
        (RbacResources.Tag, [RbacActions.List, RbacActions.Create, RbacActions.Delete]),
        (RbacResources.ArtifactLabel, [RbacActions.Create, RbacActions.Delete]),
        (RbacResources.ExportCve, [RbacActions.Create, RbacActions.Read, RbacActions.List]));

    private static readonly IReadOnlySet<Permission> Developer = Build(
        (ProjectPermissions.Self, [RbacActions.Read]),
        (RbacResources.Member, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Label, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Quota, [RbacActions.Read]),
        (RbacResources.Repository, [RbacActions.Create, RbacActions.Read, RbacActions.Update, RbacActions.List, RbacActions.Push, RbacActions.Pull]),
        (RbacResources.TagRetention, [.. Crudl, RbacActions.Operate]),
        (RbacResources.Configuration, [RbacActions.Read]),
        (RbacResources.Robot, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Scan, [RbacActions.Read]),
        (RbacResources.Sbom, [RbacActions.Read]),
        (RbacResources.Scanner, [RbacActions.Read]),
        (RbacResources.Artifact, [RbacActions.Create, RbacActions.Read, RbacActions.List]),
        (RbacResources.ArtifactAddition, [RbacActions.Read]),
        (RbacResources.Tag, [RbacActions.List, RbacActions.Create]),
        (RbacResources.Accessory, [RbacActions.List]),
        (RbacResources.ArtifactLabel, [RbacActions.Create, RbacActions.Delete]),
        (RbacResources.ExportCve, [RbacActions.Create, RbacActions.Read, RbacActions.List]));

    private static readonly IReadOnlySet<Permission> Guest = Build(
        (ProjectPermissions.Self, [RbacActions.Read]),
        (RbacResources.Member, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Label, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Quota, [RbacActions.Read]),
        (RbacResources.Repository, [RbacActions.Read, RbacActions.List, RbacActions.Pull]),
        (RbacResources.Configuration, [RbacActions.Read]),
        (RbacResources.Robot, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Scan, [RbacActions.Read]),
        (RbacResources.Sbom, [RbacActions.Read]),
        (RbacResources.Scanner, [RbacActions.Read]),
        (RbacResources.Tag, [RbacActions.List]),
        (RbacResources.Accessory, [RbacActions.List]),
        (RbacResources.Artifact, [RbacActions.Read, RbacActions.List]),
        (RbacResources.ArtifactAddition, [RbacActions.Read]));

    // Harbor's limited guest: a guest that cannot see members, labels or robots.
    private static readonly IReadOnlySet<Permission> LimitedGuest = Build(
        (ProjectPermissions.Self, [RbacActions.Read]),
        (RbacResources.Quota, [RbacActions.Read]),
        (RbacResources.Repository, [RbacActions.List, RbacActions.Read, RbacActions.Pull]),
        (RbacResources.Configuration, [RbacActions.Read]),
        (RbacResources.Scan, [RbacActions.Read]),
        (RbacResources.Sbom, [RbacActions.Read]),
        (RbacResources.Scanner, [RbacActions.Read]),
        (RbacResources.Tag, [RbacActions.List]),
        (RbacResources.Accessory, [RbacActions.List]),
        (RbacResources.Artifact, [RbacActions.Read, RbacActions.List]),
        (RbacResources.ArtifactAddition, [RbacActions.Read]));

    /// <summary>What anyone, anonymous included, may do in a public project on top of their own permissions.</summary>
    public static IReadOnlySet<Permission> PublicProject { get; } = Build(
        (ProjectPermissions.Self, [RbacActions.Read]),
        (RbacResources.Label, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Repository, [RbacActions.List, RbacActions.Pull]),
        (RbacResources.Scan, [RbacActions.Read]),
        (RbacResources.Scanner, [RbacActions.Read]),
        (RbacResources.Tag, [RbacActions.List]),
        (RbacResources.Artifact, [RbacActions.Read, RbacActions.List]),
        (RbacResources.ArtifactAddition, [RbacActions.Read]),
        (RbacResources.Accessory, [RbacActions.List]));

    /// <summary>Every permission any role has: what a system administrator holds in every project, as in Harbor.</summary>
    public static IReadOnlySet<Permission> AllProject { get; } =
        new HashSet<Permission>(ProjectAdmin.Concat(Maintainer).Concat(Developer).Concat(Guest).Concat(LimitedGuest));

    public static IReadOnlySet<Permission> Of(ProjectRole role) => role switch
    {
        ProjectRole.ProjectAdmin => ProjectAdmin,
        ProjectRole.Maintainer => Maintainer,
        ProjectRole.Developer => Developer,
        ProjectRole.Guest => Guest,
        ProjectRole.LimitedGuest => LimitedGuest,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a Harbor role"),
    };

    private static HashSet<Permission> Build(params (string Resource, string[] Actions)[] rows)
    {
        var set = new HashSet<Permission>();
        foreach (var (resource, actions) in rows)
        {
            foreach (var action in actions)
            {
                set.Add(new Permission(resource, action));
            }
        }

        return set;
    }
}
