namespace ArtifactKeeper.HarborApi;

/// <summary>Structured log events of user administration. Names and ids only; never a password.</summary>
internal static partial class UserLog
{
    [LoggerMessage(EventId = 4101, EventName = "UserCreated", Level = LogLevel.Information,
        Message = "User {Username} ({UserId}) created by {Actor}")]
    public static partial void Created(ILogger logger, string username, long userId, string actor);

    [LoggerMessage(EventId = 4102, EventName = "UserDeleted", Level = LogLevel.Information,
        Message = "User {Username} ({UserId}) deleted by {Actor}")]
    public static partial void Deleted(ILogger logger, string username, long userId, string actor);

    [LoggerMessage(EventId = 4103, EventName = "UserPasswordChanged", Level = LogLevel.Information,
        Message = "Password of user {Username} ({UserId}) changed by {Actor}")]
    public static partial void PasswordChanged(ILogger logger, string username, long userId, string actor);

    [LoggerMessage(EventId = 4104, EventName = "UserAdminFlagChanged", Level = LogLevel.Information,
        Message = "System admin flag of user {Username} ({UserId}) set to {IsAdmin} by {Actor}")]
    public static partial void AdminFlagChanged(ILogger logger, string username, long userId, bool isAdmin, string actor);
}
