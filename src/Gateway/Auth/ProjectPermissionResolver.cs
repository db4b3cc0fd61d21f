using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Auth;

/// <summary>
/// The one place that answers "what may this caller do in this project" for /v2, the token server and the
/// Harbor API: system administrators everything; a user the roles of its own membership and of its groups'
/// memberships (asked of the project grain, which holds them in memory); every
/// <see cref="ICallerPermissionSource"/>'s grants; and in a public project everyone the public reads.
/// </summary>
public sealed class ProjectPermissionResolver(IGrainFactory grains, IUserGroupMetadata groups, IEnumerable<ICallerPermissionSource> sources)
{
    private readonly ICallerPermissionSource[] _sources = [.. sources];

    public async ValueTask<ProjectPermissionSet> ResolveAsync(RegistryCaller caller, ProjectInfo project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(project);
        IReadOnlyList<ProjectRole> roles = [];
        if (caller.User is { IsAdmin: false } user)
        {
            var groupIds = await GroupIdsAsync(caller, cancellationToken);
            roles = await grains.GetGrain<IProjectGrain>(project.Name).GetRolesAsync(user.UserId, groupIds);
        }

        var grants = new List<Permission>();
        foreach (var source in _sources)
        {
            grants.AddRange(await source.GrantsAsync(caller, project, cancellationToken));
        }

        return ProjectPermissionSet.Resolve(caller.IsAdmin, project.Public, roles, grants);
    }

    /// <summary>The ids of the stored user groups the caller's identity provider reported; empty for most callers.</summary>
    public async ValueTask<IReadOnlyList<long>> GroupIdsAsync(RegistryCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Groups.Count == 0 ? [] : await groups.FindUserGroupIdsAsync(caller.Groups, cancellationToken);
    }
}
