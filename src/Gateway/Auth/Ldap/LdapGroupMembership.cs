using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth.Ldap;

/// <summary>
/// Turns the group DNs a directory reports for a user into the caller's group references and the admin flag.
/// Admin follows Harbor: a member of <see cref="LdapOptions.GroupAdminDn"/> is a system administrator while signed in.
/// Only groups under an explicitly configured <see cref="LdapOptions.GroupBaseDn"/> become group references, so a
/// memberOf value from elsewhere in the directory cannot match a project membership by accident.
/// </summary>
public static class LdapGroupMembership
{
    public static (IReadOnlyList<UserGroupRef> Groups, bool IsAdmin) Resolve(IEnumerable<string> groupDns, LdapOptions settings)
    {
        ArgumentNullException.ThrowIfNull(groupDns);
        ArgumentNullException.ThrowIfNull(settings);
        var hasAdmin = LdapDn.TryParse(settings.GroupAdminDn, out var admin);
        var hasBase = LdapDn.TryParse(settings.GroupBaseDn, out var groupBase);
        var groups = new List<UserGroupRef>();
        var seen = new HashSet<LdapDn>();
        var isAdmin = false;
        foreach (var text in groupDns)
        {
            if (!LdapDn.TryParse(text, out var dn) || !seen.Add(dn))
            {
                continue;
            }

            isAdmin |= hasAdmin && dn.Equals(admin);
            if (!hasBase || dn.IsUnder(groupBase))
            {
                groups.Add(new UserGroupRef(UserGroupType.Ldap, dn.ToString()));
            }
        }

        return (groups, isAdmin);
    }
}
