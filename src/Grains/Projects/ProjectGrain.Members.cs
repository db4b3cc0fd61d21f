using ArtifactKeeper.Registry;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Projects;

/// <summary>The project's members and their roles.</summary>
public sealed partial class ProjectGrain
{
    public Task<IReadOnlyList<ProjectRole>> GetRolesAsync(long? userId, IReadOnlyList<long> groupIds) =>
        Task.FromResult(_project is null ? [] : _members.RolesOf(userId, groupIds ?? []));

    public Task<IReadOnlyList<ProjectMemberInfo>> GetMembersAsync() =>
        Task.FromResult<IReadOnlyList<ProjectMemberInfo>>(_project is null ? [] : [.. _members.All.OrderBy(m => m.MemberId)]);

    public async Task<ProjectMemberResult> TryAddMemberAsync(MemberEntityType entityType, long entityId, long roleId)
    {
        if (_project is null)
        {
            return MemberFail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        if (_members.Contains(entityType, entityId))
        {
            return MemberFail(RegistryError.Conflict, "the project member specified already exists");
        }

        if (!ProjectRoles.IsDefined(roleId))
        {
            return InvalidRole(roleId);
        }

        var added = await memberships.TryAddProjectMemberAsync(_project.ProjectId, entityType, entityId, (ProjectRole)roleId, clock.GetUtcNow(), CancellationToken.None);
        if (added is null)
        {
            // Someone else wrote the row (another activation during a failover): believe the store.
            await LoadMembersAsync(CancellationToken.None);
            return MemberFail(RegistryError.Conflict, "the project member specified already exists");
        }

        var member = ToInfo(added);
        _members.Set(member);
        logger.LogInformation("Added {EntityType} {EntityId} to project {Project} as member {MemberId} with role {Role}", entityType, entityId, Name, member.MemberId, member.Role);
        return new ProjectMemberResult(RegistryError.None, null, member);
    }

    public async Task<ProjectMemberResult> TryUpdateMemberRoleAsync(long memberId, long roleId)
    {
        if (_project is null)
        {
            return MemberFail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        if (_members.Find(memberId) is not { } member)
        {
            return MemberNotFound(memberId);
        }

        if (!ProjectRoles.IsDefined(roleId))
        {
            return InvalidRole(roleId);
        }

        if (!await memberships.UpdateProjectMemberRoleAsync(_project.ProjectId, memberId, (ProjectRole)roleId, clock.GetUtcNow(), CancellationToken.None))
        {
            _members.Remove(memberId);
            return MemberNotFound(memberId);
        }

        var updated = member with { Role = (ProjectRole)roleId };
        _members.Set(updated);
        logger.LogInformation("Changed member {MemberId} of project {Project} from role {OldRole} to {Role}", memberId, Name, member.Role, updated.Role);
        return new ProjectMemberResult(RegistryError.None, null, updated);
    }

    public async Task<ProjectMemberResult> TryRemoveMemberAsync(long memberId)
    {
        if (_project is null)
        {
            return MemberFail(RegistryError.ProjectNotFound, $"project {Name} not found");
        }

        if (_members.Find(memberId) is null)
        {
            return MemberNotFound(memberId);
        }

        var deleted = await memberships.DeleteProjectMemberAsync(_project.ProjectId, memberId, CancellationToken.None);
        _members.Remove(memberId);
        logger.LogInformation("Removed member {MemberId} from project {Project}", memberId, Name);
        return deleted ? new ProjectMemberResult(RegistryError.None, null, null) : MemberNotFound(memberId);
    }

    public Task ReloadMembersAsync() => LoadMembersAsync(CancellationToken.None);

    private async Task LoadMembersAsync(CancellationToken cancellationToken)
    {
        var rows = _project is null ? [] : await memberships.LoadProjectMembersAsync(_project.ProjectId, cancellationToken);
        _members = new ProjectMembers(rows.Select(ToInfo));
    }

    private ProjectMemberResult MemberNotFound(long memberId) =>
        MemberFail(RegistryError.NameUnknown, $"the project member is not found, project {Name}, member id {memberId}");

    private static ProjectMemberResult InvalidRole(long roleId) =>
        MemberFail(RegistryError.BadRequest, $"invalid role_id {roleId}: use 1 (projectAdmin), 2 (developer), 3 (guest), 4 (maintainer) or 5 (limitedGuest)");

    private static ProjectMemberResult MemberFail(RegistryError error, string message) => new(error, message, null);

    private static ProjectMemberInfo ToInfo(Storage.Metadata.ProjectMemberRecord record) =>
        new(record.MemberId, record.EntityType, record.EntityId, record.Role);
}
