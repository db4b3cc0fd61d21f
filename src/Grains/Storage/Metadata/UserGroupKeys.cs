using ArtifactKeeper.Access;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// How a group's identifying value is stored and compared: LDAP DNs in <see cref="LdapDn"/>'s normal form
/// (lowercase, no spaces around separators), so a directory's spelling (<c>CN=Ops, OU=Groups</c>) and an
/// administrator's (<c>cn=ops,ou=groups</c>) name one group; group names verbatim.
/// </summary>
public static class UserGroupKeys
{
    public static string NormalizeDn(string dn)
    {
        ArgumentNullException.ThrowIfNull(dn);
        return LdapDn.TryParse(dn, out var parsed) ? parsed.ToString() : dn.Trim().ToLowerInvariant();
    }

    public static string Normalize(UserGroupRef group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Type == UserGroupType.Ldap ? NormalizeDn(group.Key) : group.Key;
    }
}
