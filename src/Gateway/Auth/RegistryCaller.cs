using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;

namespace ArtifactKeeper.Auth;

/// <summary>How a request identified itself.</summary>
public enum CallerKind
{
    Anonymous = 0,
    /// <summary>HTTP Basic with a valid username and password.</summary>
    User,
    /// <summary>A valid registry bearer token: only its access claims count.</summary>
    Token,
    /// <summary>Credentials were sent but are wrong, expired or malformed.</summary>
    Invalid,
    /// <summary>A password was sent while its user or address is locked out; it was not checked.</summary>
    Throttled,
    /// <summary>HTTP Basic with a valid, enabled, unexpired robot account (<c>robot$...</c>) and its secret.</summary>
    Robot,
}

/// <summary>The identity behind one request.</summary>
public sealed record RegistryCaller(CallerKind Kind, UserInfo? User, RegistryTokenClaims? Token)
{
    public static readonly RegistryCaller Anonymous = new(CallerKind.Anonymous, null, null);

    public static readonly RegistryCaller Invalid = new(CallerKind.Invalid, null, null);

    /// <summary>How long a <see cref="CallerKind.Throttled"/> caller must wait; zero otherwise.</summary>
    public TimeSpan RetryAfter { get; init; }

    public static RegistryCaller Throttled(TimeSpan retryAfter) => new(CallerKind.Throttled, null, null) { RetryAfter = retryAfter };

    /// <summary>The robot of a <see cref="CallerKind.Robot"/> caller: it may do what its permissions grant and no more.</summary>
    public RobotInfo? Robot { get; init; }

    public static RegistryCaller ForRobot(RobotInfo robot) => new(CallerKind.Robot, null, null) { Robot = robot };

    /// <summary>
    /// Groups the identity provider (LDAP, OIDC) reported for <see cref="User"/> when it signed in; empty for
    /// local accounts, tokens and anonymous callers.
    /// </summary>
    public IReadOnlyList<UserGroupRef> Groups { get; init; } = [];

    public bool IsAdmin => User is { IsAdmin: true };

    /// <summary>A name for audit and logs; never a secret.</summary>
    public string DisplayName =>
        User?.Username ?? (Robot is not null ? RobotNames.Full(Robot.Name) : Token is { Subject.Length: > 0 } t ? t.Subject : "anonymous");
}
