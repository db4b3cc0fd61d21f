namespace ArtifactKeeper.Projects;

/// <summary>One project, keyed by its name: metadata and members now; quota and policies later.</summary>
[Alias("projects.project")]
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>The project, or null when it does not exist.</summary>
    [Alias("get")]
    Task<ProjectInfo?> GetAsync();

    [Alias("try-create")]
    Task<ProjectResult> TryCreateAsync(CreateProjectRequest request);

    /// <summary>Validates and applies a partial metadata change (ProjectNotFound, BadRequest, Conflict).</summary>
    [Alias("try-update-metadata")]
    Task<ProjectResult> TryUpdateMetadataAsync(ProjectMetadataUpdate update);

    /// <summary>Deletes the project; PreconditionFailed while it has repositories.</summary>
    [Alias("try-delete")]
    Task<ProjectResult> TryDeleteAsync();

    /// <summary>
    /// The roles user <paramref name="userId"/> (null: nobody) holds here, directly or through one of the groups
    /// <paramref name="groupIds"/>; empty when the project does not exist. An in-memory read.
    /// </summary>
    [Alias("get-roles")]
    Task<IReadOnlyList<ProjectRole>> GetRolesAsync(long? userId, IReadOnlyList<long> groupIds);

    /// <summary>Every membership of the project (empty when it does not exist).</summary>
    [Alias("get-members")]
    Task<IReadOnlyList<ProjectMemberInfo>> GetMembersAsync();

    /// <summary>Adds a member (ProjectNotFound, BadRequest for a role Harbor does not know, Conflict when already a member).</summary>
    [Alias("try-add-member")]
    Task<ProjectMemberResult> TryAddMemberAsync(MemberEntityType entityType, long entityId, long roleId);

    /// <summary>Changes a member's role (ProjectNotFound, NameUnknown for an unknown member, BadRequest for an unknown role).</summary>
    [Alias("try-update-member-role")]
    Task<ProjectMemberResult> TryUpdateMemberRoleAsync(long memberId, long roleId);

    /// <summary>Removes a member (ProjectNotFound, NameUnknown for an unknown member).</summary>
    [Alias("try-remove-member")]
    Task<ProjectMemberResult> TryRemoveMemberAsync(long memberId);

    /// <summary>Reloads the memberships from the store after a change made elsewhere (a deleted user group).</summary>
    [Alias("reload-members")]
    Task ReloadMembersAsync();
}
