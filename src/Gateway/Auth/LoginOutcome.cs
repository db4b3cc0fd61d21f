using ArtifactKeeper.Access;

namespace ArtifactKeeper.Auth;

/// <summary>How a password check ended.</summary>
public enum LoginStatus
{
    Succeeded = 0,
    /// <summary>Wrong password or unknown user; the two are not told apart.</summary>
    Failed,
    /// <summary>Refused before the password was looked at: too many recent failures.</summary>
    Throttled,
}

/// <summary>The result of <see cref="RegistryAuthenticator.LoginAsync"/>.</summary>
public sealed record LoginOutcome(LoginStatus Status, UserInfo? User, TimeSpan RetryAfter)
{
    /// <summary>The groups the identity provider reported for <see cref="User"/> (OIDC users); empty for local accounts.</summary>
    public IReadOnlyList<UserGroupRef> Groups { get; init; } = [];

    public static readonly LoginOutcome Failed = new(LoginStatus.Failed, null, TimeSpan.Zero);

    public static LoginOutcome Success(UserInfo user) => new(LoginStatus.Succeeded, user, TimeSpan.Zero);

    public static LoginOutcome Throttled(TimeSpan retryAfter) => new(LoginStatus.Throttled, null, retryAfter);
}
