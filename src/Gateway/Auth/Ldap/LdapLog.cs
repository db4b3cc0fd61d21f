namespace ArtifactKeeper.Auth.Ldap;

/// <summary>Structured log events of the LDAP auth mode. Never carries a password, the search password included.</summary>
internal static partial class LdapLog
{
    [LoggerMessage(EventId = 4101, EventName = "LdapUnavailable", Level = LogLevel.Error,
        Message = "LDAP directory unavailable, login refused: {Reason}")]
    public static partial void Unavailable(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 4102, EventName = "LdapAmbiguousUser", Level = LogLevel.Warning,
        Message = "LDAP search for user {Username} found more than one entry; login refused")]
    public static partial void AmbiguousUser(ILogger logger, string username);

    [LoggerMessage(EventId = 4103, EventName = "LdapPingFailed", Level = LogLevel.Warning,
        Message = "LDAP ping failed: {Reason}")]
    public static partial void PingFailed(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 4104, EventName = "LdapUserOnboarded", Level = LogLevel.Information,
        Message = "LDAP user {Username} ({Dn}) signed in as local user {UserId}")]
    public static partial void SignedIn(ILogger logger, string username, string dn, long userId);

    [LoggerMessage(EventId = 4105, EventName = "LdapGroupSearchFailed", Level = LogLevel.Warning,
        Message = "LDAP group search for {Username} failed; signing in without groups: {Reason}")]
    public static partial void GroupSearchFailed(ILogger logger, string username, string reason);
}
