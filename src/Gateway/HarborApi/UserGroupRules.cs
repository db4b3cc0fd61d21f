using ArtifactKeeper.Access;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// What a user group body must hold: a name of at most 255 characters, a type of 1 (LDAP), 2 (HTTP) or 3 (OIDC),
/// and for LDAP groups a DN of at most 512 characters (Harbor's column sizes), stored trimmed and lowercase.
/// Other types carry no DN.
/// </summary>
public static class UserGroupRules
{
    public const int MaxNameLength = 255;
    public const int MaxDnLength = 512;

    public static bool TryValidate(UserGroupModel body, out string name, out UserGroupType type, out string dn, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        type = default;
        dn = string.Empty;
        if (!TryValidateName(body.GroupName, out name, out error))
        {
            return false;
        }

        if (body.GroupType is not { } groupType || !Enum.IsDefined((UserGroupType)groupType))
        {
            error = "group_type must be 1 (LDAP), 2 (HTTP) or 3 (OIDC)";
            return false;
        }

        type = (UserGroupType)groupType;
        if (type == UserGroupType.Ldap)
        {
            var normalized = UserGroupKeys.NormalizeDn(body.LdapGroupDn ?? string.Empty);
            if (normalized.Length == 0 || normalized.Length > MaxDnLength)
            {
                error = $"an LDAP group needs an ldap_group_dn of 1 to {MaxDnLength} characters";
                return false;
            }

            dn = normalized;
        }

        return true;
    }

    public static bool TryValidateName(string? value, out string name, out string? error)
    {
        name = value?.Trim() ?? string.Empty;
        error = name.Length is 0 or > MaxNameLength ? $"group_name must be 1 to {MaxNameLength} characters" : null;
        return error is null;
    }
}
