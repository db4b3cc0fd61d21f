namespace ArtifactKeeper.Access;

/// <summary>Harbor's <c>group_type</c> of a user group.</summary>
public enum UserGroupType
{
    Ldap = 1,
    Http = 2,
    Oidc = 3,
}

/// <summary>
/// A group the signed-in user belongs to according to the identity provider: an LDAP group's DN or an
/// OIDC groups-claim value. Project membership of groups is matched against these at sign-in time.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UserGroupRef(UserGroupType Type, string Key);
