using ArtifactKeeper.Access;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// How a group's identifying value is stored and compared: LDAP DNs trimmed and lowercase (as Harbor stores them,
/// so a directory's spelling does not matter), group names verbatim.
/// </summary>
public static class UserGroupKeys
{
    public static string NormalizeDn(string dn)
    {
        ArgumentNullException.ThrowIfNull(dn);
        return dn.Trim().ToLowerInvariant();
    }

    public static string Normalize(UserGroupRef group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.Type == UserGroupType.Ldap ? NormalizeDn(group.Key) : group.Key;
    }
}
