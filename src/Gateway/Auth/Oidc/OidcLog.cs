namespace ArtifactKeeper.Auth.Oidc;

/// <summary>Structured log events of OIDC sign-in. Subjects and usernames are logged; tokens and secrets never are.</summary>
internal static partial class OidcLog
{
    [LoggerMessage(EventId = 4101, EventName = "OidcTokenRefused", Level = LogLevel.Warning,
        Message = "OIDC ID token refused from {ClientAddress}: {Reason} (kid {KeyId})")]
    public static partial void TokenRefused(ILogger logger, System.Net.IPAddress? clientAddress, IdTokenStatus reason, string? keyId);

    [LoggerMessage(EventId = 4102, EventName = "OidcProviderUnavailable", Level = LogLevel.Error,
        Message = "OIDC provider {Issuer} could not be read: {Reason}")]
    public static partial void ProviderUnavailable(ILogger logger, string issuer, string reason);

    [LoggerMessage(EventId = 4103, EventName = "OidcKeysRefreshed", Level = LogLevel.Information,
        Message = "OIDC signing keys of {Issuer} loaded: {KeyCount} keys")]
    public static partial void KeysRefreshed(ILogger logger, string issuer, int keyCount);

    [LoggerMessage(EventId = 4104, EventName = "OidcUserOnboarded", Level = LogLevel.Information,
        Message = "OIDC user {Username} (subject {Subject}) onboarded with id {UserId}")]
    public static partial void UserOnboarded(ILogger logger, string username, string subject, long userId);

    [LoggerMessage(EventId = 4105, EventName = "OidcUserRefused", Level = LogLevel.Warning,
        Message = "OIDC subject {Subject} not signed in: {Reason}")]
    public static partial void UserRefused(ILogger logger, string subject, string reason);
}
