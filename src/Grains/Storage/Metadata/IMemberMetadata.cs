using ArtifactKeeper.Access;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>Project memberships; written by the project grain, listed straight from the store.</summary>
public interface IProjectMemberMetadata
{
    /// <summary>Every membership of the project (what the project grain loads on activation).</summary>
    Task<IReadOnlyList<ProjectMemberRecord>> LoadProjectMembersAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>Adds a membership; null when the entity is already a member or the project is gone.</summary>
    Task<ProjectMemberRecord?> TryAddProjectMemberAsync(
        long projectId, MemberEntityType entityType, long entityId, ProjectRole role, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Changes a membership's role; false when the project has no such member.</summary>
    Task<bool> UpdateProjectMemberRoleAsync(long projectId, long memberId, ProjectRole role, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes a membership; false when the project has no such member.</summary>
    Task<bool> DeleteProjectMemberAsync(long projectId, long memberId, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the project's members with their user or group names, ordered by name, and the total;
    /// <paramref name="entityName"/> keeps only the member of exactly that name, as Harbor's <c>entityname</c> does.
    /// </summary>
    Task<ListPage<ProjectMemberListing>> ListProjectMembersAsync(
        long projectId, string? entityName, int page, int pageSize, CancellationToken cancellationToken);

    Task<ProjectMemberListing?> GetProjectMemberAsync(long projectId, long memberId, CancellationToken cancellationToken);

    /// <summary>The name of the user with this id, or null (member_user.user_id lookups).</summary>
    Task<string?> FindUsernameByIdAsync(long userId, CancellationToken cancellationToken);
}

/// <summary>User groups (LDAP, HTTP, OIDC) that can be project members.</summary>
public interface IUserGroupMetadata
{
    /// <summary>Creates the group; null when one of that type and name (or that LDAP DN) exists.</summary>
    Task<UserGroupRecord?> TryCreateUserGroupAsync(
        string groupName, UserGroupType groupType, string ldapGroupDn, DateTimeOffset at, CancellationToken cancellationToken);

    Task<UserGroupRecord?> GetUserGroupAsync(long groupId, CancellationToken cancellationToken);

    /// <summary>The group of that type and name, or null.</summary>
    Task<UserGroupRecord?> FindUserGroupByNameAsync(UserGroupType groupType, string groupName, CancellationToken cancellationToken);

    /// <summary>The LDAP group with that DN (compared as stored: trimmed and lowercase), or null.</summary>
    Task<UserGroupRecord?> FindLdapGroupAsync(string ldapGroupDn, CancellationToken cancellationToken);

    /// <summary>One page of groups matching the query, and the total.</summary>
    Task<ListPage<UserGroupRecord>> ListUserGroupsAsync(UserGroupQuery query, CancellationToken cancellationToken);

    Task<UserGroupChange> TryRenameUserGroupAsync(long groupId, string groupName, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the group and its memberships in one transaction; returns the names of the projects it was a member
    /// of (their grains hold it in memory), or null when there was no such group.
    /// </summary>
    Task<IReadOnlyList<string>?> TryDeleteUserGroupAsync(long groupId, CancellationToken cancellationToken);

    /// <summary>Ids of the stored groups the identity provider's references name (LDAP by DN, others by type and name).</summary>
    Task<IReadOnlyList<long>> FindUserGroupIdsAsync(IReadOnlyCollection<UserGroupRef> groups, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IUserGroupMetadata.TryRenameUserGroupAsync"/> did.</summary>
public enum UserGroupChange
{
    Changed = 0,
    NotFound,
    Duplicate,
}

/// <summary>One membership row.</summary>
public sealed record ProjectMemberRecord(long MemberId, long ProjectId, MemberEntityType EntityType, long EntityId, ProjectRole Role);

/// <summary>A membership with the user's or group's current name.</summary>
public sealed record ProjectMemberListing(ProjectMemberRecord Member, string EntityName);

/// <summary>A user group row; <see cref="LdapGroupDn"/> is empty unless the group is an LDAP group.</summary>
public sealed record UserGroupRecord(long Id, string GroupName, UserGroupType GroupType, string LdapGroupDn);

/// <summary>
/// A user group listing: <see cref="NameContains"/> matches case-insensitively anywhere in the name,
/// <see cref="LdapGroupDn"/> exactly, <see cref="GroupType"/> restricts the type. <see cref="ShortestNameFirst"/>
/// orders as Harbor's search does (closest match first), otherwise by id.
/// </summary>
public sealed record UserGroupQuery(
    string? NameContains, string? LdapGroupDn, UserGroupType? GroupType, int Page, int PageSize, bool ShortestNameFirst = false)
{
    public long Offset => (long)(Page - 1) * PageSize;
}
