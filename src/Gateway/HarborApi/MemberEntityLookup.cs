using System.Globalization;
using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Finds the user or group a ProjectMember body names, in Harbor's order of precedence: member_user.user_id,
/// member_group.id, member_user.username, member_group.ldap_group_dn, member_group.group_name. As in Harbor an
/// unknown id is a bad request (400) and an unknown name is not found (404).
/// </summary>
public static class MemberEntityLookup
{
    private const int MaxNameLength = 255;

    public static async Task<(MemberEntityType Type, long Id, IResult? Error)> FindAsync(
        ProjectMemberReq body, IGrainFactory grains, IProjectMemberMetadata members, IUserGroupMetadata groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var user = body.MemberUser;
        var group = body.MemberGroup;
        if (user?.UserId is > 0 and var userId)
        {
            return await members.FindUsernameByIdAsync(userId, cancellationToken) is null
                ? Fail(RegistryError.BadRequest, string.Create(CultureInfo.InvariantCulture, $"user {userId} not found"))
                : (MemberEntityType.User, userId, null);
        }

        if (group?.Id is > 0 and var groupId)
        {
            return await groups.GetUserGroupAsync(groupId, cancellationToken) is null
                ? Fail(RegistryError.BadRequest, string.Create(CultureInfo.InvariantCulture, $"group {groupId} not found"))
                : (MemberEntityType.Group, groupId, null);
        }

        if (user?.Username is { Length: > 0 } username)
        {
            // Longer names cannot exist (Harbor's limit), so they are not worth a grain activation.
            var found = username.Length <= MaxNameLength ? await grains.GetGrain<IUserGrain>(username).GetAsync() : null;
            return found is null ? Fail(RegistryError.NameUnknown, $"user {username} not found") : (MemberEntityType.User, found.UserId, null);
        }

        if (group?.LdapGroupDn is { Length: > 0 } dn)
        {
            return await groups.FindLdapGroupAsync(UserGroupKeys.NormalizeDn(dn), cancellationToken) is { } ldap
                ? (MemberEntityType.Group, ldap.Id, null)
                : Fail(RegistryError.NameUnknown, $"LDAP group {dn} not found");
        }

        if (group?.GroupName is { Length: > 0 } name)
        {
            UserGroupType[] types = group.GroupType is { } type && Enum.IsDefined((UserGroupType)type) ? [(UserGroupType)type] : Enum.GetValues<UserGroupType>();
            foreach (var candidate in types)
            {
                if (await groups.FindUserGroupByNameAsync(candidate, name, cancellationToken) is { } byName)
                {
                    return (MemberEntityType.Group, byName.Id, null);
                }
            }

            return Fail(RegistryError.NameUnknown, $"group {name} not found");
        }

        return Fail(RegistryError.BadRequest, "at least one of member_user or member_group must be provided");
    }

    private static (MemberEntityType, long, IResult?) Fail(RegistryError error, string message) =>
        (MemberEntityType.User, 0, HarborErrorResult.From(error, message));
}
