using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth;

/// <summary>A password check that succeeded: the local user, plus the groups the identity provider reported (LDAP).</summary>
public sealed record VerifiedLogin(UserInfo User, IReadOnlyList<UserGroupRef> Groups)
{
    public static VerifiedLogin Local(UserInfo user) => new(user, []);
}
