namespace ArtifactKeeper.Access;

/// <summary>
/// The project-level permissions the registry checks, named once. Resources are relative to the project;
/// Harbor writes them under <c>/project/{id}</c> (the project itself is the namespace with no sub-resource).
/// </summary>
public static class ProjectPermissions
{
    /// <summary>Harbor's "self" sub-resource: the project itself (read, update, delete).</summary>
    public const string Self = "";

    public static readonly Permission ReadProject = new(Self, RbacActions.Read);
    public static readonly Permission UpdateProject = new(Self, RbacActions.Update);
    public static readonly Permission DeleteProject = new(Self, RbacActions.Delete);

    public static readonly Permission ReadMetadata = new(RbacResources.Metadata, RbacActions.Read);
    public static readonly Permission CreateMetadata = new(RbacResources.Metadata, RbacActions.Create);
    public static readonly Permission UpdateMetadata = new(RbacResources.Metadata, RbacActions.Update);
    public static readonly Permission DeleteMetadata = new(RbacResources.Metadata, RbacActions.Delete);

    public static readonly Permission ListMembers = new(RbacResources.Member, RbacActions.List);
    public static readonly Permission ReadMember = new(RbacResources.Member, RbacActions.Read);
    public static readonly Permission CreateMember = new(RbacResources.Member, RbacActions.Create);
    public static readonly Permission UpdateMember = new(RbacResources.Member, RbacActions.Update);
    public static readonly Permission DeleteMember = new(RbacResources.Member, RbacActions.Delete);

    /// <summary>The RBAC permission a Docker token action needs (Harbor's token service and /v2 check); null when none does.</summary>
    public static Permission? ForRegistryAction(string action) => action switch
    {
        RbacActions.Pull => new Permission(RbacResources.Repository, RbacActions.Pull),
        RbacActions.Push => new Permission(RbacResources.Repository, RbacActions.Push),
        RbacActions.Delete => new Permission(RbacResources.Repository, RbacActions.Delete),
        _ => null,
    };

    /// <summary>The absolute resource of <paramref name="permission"/> in project <paramref name="projectId"/>, as Harbor spells it.</summary>
    public static string ScopedResource(long projectId, string resource) =>
        resource.Length == 0
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/project/{projectId}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/project/{projectId}/{resource}");
}
