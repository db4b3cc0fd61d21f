using System.Net;

namespace ArtifactKeeper.Auth;

/// <summary>
/// Structured log events of the auth edge. Usernames and addresses are logged so failed logins can be
/// traced and alerted on; passwords and tokens never are.
/// </summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 4001, EventName = "LoginFailed", Level = LogLevel.Warning,
        Message = "Login failed for user {Username} from {ClientAddress} on {Path}")]
    public static partial void LoginFailed(ILogger logger, string username, IPAddress? clientAddress, string path);

    [LoggerMessage(EventId = 4002, EventName = "LoginLockedOut", Level = LogLevel.Warning,
        Message = "Too many failed logins for user {Username} or from {ClientAddress}; locked out for {LockoutSeconds} s")]
    public static partial void LoginLockedOut(ILogger logger, string username, IPAddress? clientAddress, double lockoutSeconds);

    [LoggerMessage(EventId = 4003, EventName = "LoginThrottled", Level = LogLevel.Information,
        Message = "Login attempt for user {Username} from {ClientAddress} on {Path} refused without checking: locked out for {RetryAfterSeconds} s more")]
    public static partial void LoginThrottled(ILogger logger, string username, IPAddress? clientAddress, string path, double retryAfterSeconds);

    [LoggerMessage(EventId = 4004, EventName = "RefreshTokenRefused", Level = LogLevel.Warning,
        Message = "Refresh token refused for user {Username} from {ClientAddress}: {Reason}")]
    public static partial void RefreshTokenRefused(ILogger logger, string username, IPAddress? clientAddress, string reason);

    [LoggerMessage(EventId = 4005, EventName = "RobotLoginRefused", Level = LogLevel.Warning,
        Message = "Robot account {Robot} refused from {ClientAddress} on {Path}: {Reason}")]
    public static partial void RobotLoginRefused(ILogger logger, string robot, IPAddress? clientAddress, string path, string reason);
    [LoggerMessage(EventId = 4006, EventName = "LoginUnverifiable", Level = LogLevel.Warning,
        Message = "Login for user {Username} from {ClientAddress} on {Path} refused: the identity provider could not be asked")]
    public static partial void LoginUnverifiable(ILogger logger, string username, IPAddress? clientAddress, string path);
}
