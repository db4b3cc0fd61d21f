namespace ArtifactKeeper.Access;

/// <summary>
/// Harbor's system-level policies (resources under <c>/system</c>): what a system administrator holds and what
/// <c>/users/current/permissions?scope=/system</c> lists for one. Nobody else holds any of them.
/// </summary>
public static class SystemPermissions
{
    private static readonly string[] Crudl = [RbacActions.Create, RbacActions.Read, RbacActions.Update, RbacActions.Delete, RbacActions.List];

    public static IReadOnlyList<Permission> All { get; } = Build(
        (RbacResources.Catalog, [RbacActions.Read]),
        (RbacResources.AuditLog, [RbacActions.List]),
        (RbacResources.Project, Crudl),
        (RbacResources.User, Crudl),
        (RbacResources.UserGroup, Crudl),
        (RbacResources.Registry, Crudl),
        (RbacResources.Replication, Crudl),
        (RbacResources.Distribution, Crudl),
        (RbacResources.GarbageCollection, Crudl),
        (RbacResources.ScanAll, [.. Crudl, RbacActions.Stop]),
        (RbacResources.SystemVolumes, [RbacActions.Read]),
        (RbacResources.LdapUser, [RbacActions.Create, RbacActions.List]),
        (RbacResources.Configuration, [RbacActions.Read, RbacActions.Update]),
        (RbacResources.JobServiceMonitor, [RbacActions.Read, RbacActions.List, RbacActions.Stop]),
        (RbacResources.SecurityHub, [RbacActions.Read, RbacActions.List]));

    private static List<Permission> Build(params (string Resource, string[] Actions)[] rows) =>
        rows.SelectMany(row => row.Actions.Select(action => new Permission(row.Resource, action))).ToList();
}
