namespace ArtifactKeeper.Configuration;

/// <summary>Harbor's configuration key names (<c>GET/PUT /api/v2.0/configurations</c>) this registry knows.</summary>
public static class ConfigurationKeys
{
    public const string AuthMode = "auth_mode";
    public const string PrimaryAuthMode = "primary_auth_mode";
    public const string ProjectCreationRestriction = "project_creation_restriction";
    public const string SelfRegistration = "self_registration";
    public const string ReadOnly = "read_only";
    public const string NotificationEnable = "notification_enable";
    public const string TokenExpiration = "token_expiration";
    public const string StoragePerProject = "storage_per_project";
    public const string SkipAuditLogDatabase = "skip_audit_log_database";
    public const string AuditLogForwardEndpoint = "audit_log_forward_endpoint";

    /// <summary>Secrets: never returned; the API cannot set them (they come from the server configuration).</summary>
    public static readonly IReadOnlySet<string> Secrets = new HashSet<string>(StringComparer.Ordinal) { "ldap_search_password", "oidc_client_secret" };

    /// <summary>Harbor's <c>project_creation_restriction</c> values.</summary>
    public const string AdminOnly = "adminonly";
    public const string Everyone = "everyone";
}
