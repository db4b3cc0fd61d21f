namespace ArtifactKeeper.Access.Robots;

/// <summary>
/// The permissions a robot may be granted, system-level and project-level, as Harbor lists them for robots
/// (its system and project policy lists plus the robot, user, member... entries its permission provider
/// adds). <c>GET /api/v2.0/permissions</c> shows these lists; robot permission sets are checked against them.
/// </summary>
public static class RobotPolicies
{
    public static IReadOnlyList<Permission> System { get; } = Build(
        (RbacResources.AuditLog, [RbacActions.List]),
        (RbacResources.PreheatInstance, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.Project, [RbacActions.List, RbacActions.Create]),
        (RbacResources.ReplicationPolicy, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.Replication, [RbacActions.Read, RbacActions.Create, RbacActions.List]),
        (RbacResources.ReplicationAdapter, [RbacActions.List]),
        (RbacResources.Registry, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.ScanAll, [RbacActions.Read, RbacActions.Update, RbacActions.Stop, RbacActions.Create]),
        (RbacResources.SystemVolumes, [RbacActions.Read]),
        (RbacResources.GarbageCollection, [RbacActions.Read, RbacActions.Create, RbacActions.List, RbacActions.Update, RbacActions.Stop]),
        (RbacResources.PurgeAuditLog, [RbacActions.Read, RbacActions.Create, RbacActions.List, RbacActions.Update, RbacActions.Stop]),
        (RbacResources.JobServiceMonitor, [RbacActions.List, RbacActions.Stop]),
        (RbacResources.Scanner, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.Label, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.Update]),
        (RbacResources.SecurityHub, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Catalog, [RbacActions.Read]),
        (RbacResources.Quota, [RbacActions.Read, RbacActions.List]),
        (RbacResources.Robot, [RbacActions.Create, RbacActions.Read, RbacActions.List, RbacActions.Delete]),
        (RbacResources.User, [RbacActions.Create, RbacActions.Read, RbacActions.Update, RbacActions.List, RbacActions.Delete]),
        (RbacResources.LdapUser, [RbacActions.Create, RbacActions.List]),
        (RbacResources.Quota, [RbacActions.Update]),
        (RbacResources.UserGroup, [RbacActions.Create, RbacActions.Read, RbacActions.Update, RbacActions.List, RbacActions.Delete]));

    public static IReadOnlyList<Permission> Project { get; } = Build(
        (RbacResources.Log, [RbacActions.List]),
        (RbacResources.Project, [RbacActions.Read, RbacActions.Delete, RbacActions.Update]),
        (RbacResources.Metadata, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.Repository, [RbacActions.Read, RbacActions.Update, RbacActions.Delete, RbacActions.List, RbacActions.Pull, RbacActions.Push]),
        (RbacResources.Artifact, [RbacActions.Read, RbacActions.Create, RbacActions.List, RbacActions.Delete]),
        (RbacResources.Scan, [RbacActions.Create, RbacActions.Read, RbacActions.Stop]),
        (RbacResources.Sbom, [RbacActions.Create, RbacActions.Stop, RbacActions.Read]),
        (RbacResources.Tag, [RbacActions.Create, RbacActions.List, RbacActions.Delete]),
        (RbacResources.Accessory, [RbacActions.List]),
        (RbacResources.ArtifactAddition, [RbacActions.Read]),
        (RbacResources.ArtifactLabel, [RbacActions.Create, RbacActions.Delete]),
        (RbacResources.Scanner, [RbacActions.Create, RbacActions.Read]),
        (RbacResources.PreheatPolicy, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.ImmutableTag, [RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.NotificationPolicy, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.TagRetention, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.Label, [RbacActions.Read, RbacActions.Create, RbacActions.Delete, RbacActions.List, RbacActions.Update]),
        (RbacResources.Quota, [RbacActions.Read]),
        (RbacResources.Robot, [RbacActions.Create, RbacActions.Read, RbacActions.List, RbacActions.Delete]),
        (RbacResources.ExportCve, [RbacActions.Create, RbacActions.Read]),
        (RbacResources.Member, [RbacActions.Create, RbacActions.Read, RbacActions.Update, RbacActions.List, RbacActions.Delete]));

    private static readonly HashSet<Permission> SystemSet = [.. System];
    private static readonly HashSet<Permission> ProjectSet = [.. Project];

    /// <summary>Whether a permission of <paramref name="kind"/> (system or project) may grant <paramref name="permission"/>; wildcards never.</summary>
    public static bool IsGrantable(string kind, Permission permission) => kind switch
    {
        RobotLevels.System => SystemSet.Contains(permission),
        RobotLevels.Project => ProjectSet.Contains(permission),
        _ => false,
    };

    private static Permission[] Build(params (string Resource, string[] Actions)[] entries) =>
        entries.SelectMany(e => e.Actions.Select(a => new Permission(e.Resource, a))).ToArray();
}
