using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth;

/// <summary>How a password check ended.</summary>
public enum LoginStatus
{
    Succeeded = 0,
    /// <summary>Wrong password, unknown user, or an identity provider that could not be asked; not told apart to the client.</summary>
    Failed,
    /// <summary>Refused before the password was looked at: too many recent failures.</summary>
    Throttled,
}

/// <summary>The result of <see cref="RegistryAuthenticator.LoginAsync"/>: a user or, for <c>robot$</c> names, a robot.</summary>
public sealed record LoginOutcome(LoginStatus Status, UserInfo? User, TimeSpan RetryAfter)
{
    public RobotInfo? Robot { get; init; }

    public static LoginOutcome Success(RobotInfo robot) => new(LoginStatus.Succeeded, null, TimeSpan.Zero) { Robot = robot };

    public static readonly LoginOutcome Failed = new(LoginStatus.Failed, null, TimeSpan.Zero);

    /// <summary>Groups the identity provider reported for <see cref="User"/> (LDAP, OIDC); empty for local accounts and robots.</summary>
    public IReadOnlyList<UserGroupRef> Groups { get; init; } = [];

    public static LoginOutcome Success(VerifiedLogin login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return new(LoginStatus.Succeeded, login.User, TimeSpan.Zero) { Groups = login.Groups };
    }

    public static LoginOutcome Throttled(TimeSpan retryAfter) => new(LoginStatus.Throttled, null, retryAfter);
}
