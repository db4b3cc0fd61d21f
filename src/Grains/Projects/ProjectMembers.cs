namespace ArtifactKeeper.Projects;

/// <summary>
/// One project's memberships in memory: the hot path of every authorization decision asks it which roles a
/// user holds, directly or through its groups. Pure; the project grain loads and writes it through.
/// </summary>
public sealed class ProjectMembers
{
    private readonly Dictionary<long, ProjectMemberInfo> _byId = [];
    private readonly Dictionary<(MemberEntityType, long), ProjectMemberInfo> _byEntity = [];

    public ProjectMembers(IEnumerable<ProjectMemberInfo> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        foreach (var member in members)
        {
            Set(member);
        }
    }

    public IReadOnlyCollection<ProjectMemberInfo> All => _byId.Values;

    public ProjectMemberInfo? Find(long memberId) => _byId.GetValueOrDefault(memberId);

    public bool Contains(MemberEntityType type, long entityId) => _byEntity.ContainsKey((type, entityId));

    /// <summary>The distinct roles of the user's own membership and of its groups' memberships.</summary>
    public IReadOnlyList<ProjectRole> RolesOf(long? userId, IReadOnlyCollection<long> groupIds)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        var roles = new List<ProjectRole>(2);
        if (userId is { } id && _byEntity.TryGetValue((MemberEntityType.User, id), out var own))
        {
            roles.Add(own.Role);
        }

        foreach (var groupId in groupIds)
        {
            if (_byEntity.TryGetValue((MemberEntityType.Group, groupId), out var viaGroup) && !roles.Contains(viaGroup.Role))
            {
                roles.Add(viaGroup.Role);
            }
        }

        return roles;
    }

    public void Set(ProjectMemberInfo member)
    {
        ArgumentNullException.ThrowIfNull(member);
        _byId[member.MemberId] = member;
        _byEntity[(member.EntityType, member.EntityId)] = member;
    }

    public void Remove(long memberId)
    {
        if (_byId.Remove(memberId, out var member))
        {
            _byEntity.Remove((member.EntityType, member.EntityId));
        }
    }
}
