using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Configuration;

/// <summary>
/// The system configuration as Harbor's <c>GET /configurations</c> shows it: what the API may change (from
/// <see cref="EditableSettings"/>) and, not editable, what the server configuration decides (auth mode, LDAP, OIDC,
/// token lifetime, audit). Secrets never appear.
/// </summary>
public static class ConfigurationView
{
    private const string Auth = AuthOptions.Section;
    private const string Ldap = LdapOptions.Section;
    private const string Oidc = OidcOptions.Section;

    public static IReadOnlyDictionary<string, ConfigurationItem> Build(
        EditableSettings editable, AuthOptions auth, LdapOptions ldap, OidcOptions oidc, AuditOptions audit)
    {
        ArgumentNullException.ThrowIfNull(editable);
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(ldap);
        ArgumentNullException.ThrowIfNull(oidc);
        ArgumentNullException.ThrowIfNull(audit);
        const string notImplemented = "this registry (not supported)";
        return new SortedDictionary<string, ConfigurationItem>(StringComparer.Ordinal)
        {
            [ConfigurationKeys.AuthMode] = ConfigurationItem.Fixed(AuthModeName(auth.Mode), $"{Auth}:Mode"),
            [ConfigurationKeys.PrimaryAuthMode] = ConfigurationItem.Fixed(false, notImplemented),
            [ConfigurationKeys.ProjectCreationRestriction] = new(ConfigurationKind.String, EditableSettings.Format(editable.ProjectCreationRestriction), true),
            [ConfigurationKeys.SelfRegistration] = ConfigurationItem.Fixed(false, notImplemented),
            [ConfigurationKeys.ReadOnly] = ConfigurationItem.Fixed(false, notImplemented),
            [ConfigurationKeys.NotificationEnable] = ConfigurationItem.Fixed(false, notImplemented),
            [ConfigurationKeys.TokenExpiration] = ConfigurationItem.Fixed((long)auth.TokenLifetime.TotalMinutes, $"{Auth}:TokenLifetime"),
            [ConfigurationKeys.StoragePerProject] = new(ConfigurationKind.Integer, editable.StoragePerProject, true),
            [ConfigurationKeys.SkipAuditLogDatabase] = ConfigurationItem.Fixed(!audit.Enabled, $"{AuditOptions.Section}:Enabled"),
            [ConfigurationKeys.AuditLogForwardEndpoint] = ConfigurationItem.Fixed(string.Empty, notImplemented),
            ["ldap_url"] = ConfigurationItem.Fixed(ldap.Url, $"{Ldap}:Url"),
            ["ldap_search_dn"] = ConfigurationItem.Fixed(ldap.SearchDn, $"{Ldap}:SearchDn"),
            ["ldap_base_dn"] = ConfigurationItem.Fixed(ldap.BaseDn, $"{Ldap}:BaseDn"),
            ["ldap_filter"] = ConfigurationItem.Fixed(ldap.Filter, $"{Ldap}:Filter"),
            ["ldap_uid"] = ConfigurationItem.Fixed(ldap.UidAttribute, $"{Ldap}:UidAttribute"),
            ["ldap_scope"] = ConfigurationItem.Fixed((long)ldap.Scope, $"{Ldap}:Scope"),
            ["ldap_timeout"] = ConfigurationItem.Fixed(ldap.TimeoutSeconds, $"{Ldap}:TimeoutSeconds"),
            ["ldap_verify_cert"] = ConfigurationItem.Fixed(ldap.VerifyCertificate, $"{Ldap}:VerifyCertificate"),
            ["ldap_group_base_dn"] = ConfigurationItem.Fixed(ldap.GroupBaseDn, $"{Ldap}:GroupBaseDn"),
            ["ldap_group_search_filter"] = ConfigurationItem.Fixed(ldap.GroupFilter, $"{Ldap}:GroupFilter"),
            ["ldap_group_attribute_name"] = ConfigurationItem.Fixed(ldap.GroupNameAttribute, $"{Ldap}:GroupNameAttribute"),
            ["ldap_group_search_scope"] = ConfigurationItem.Fixed((long)ldap.GroupSearchScope, $"{Ldap}:GroupSearchScope"),
            ["ldap_group_admin_dn"] = ConfigurationItem.Fixed(ldap.GroupAdminDn, $"{Ldap}:GroupAdminDn"),
            ["ldap_group_membership_attribute"] = ConfigurationItem.Fixed(ldap.GroupMembershipAttribute, $"{Ldap}:GroupMembershipAttribute"),
            ["oidc_name"] = ConfigurationItem.Fixed(oidc.Name, $"{Oidc}:Name"),
            ["oidc_endpoint"] = ConfigurationItem.Fixed(oidc.Endpoint, $"{Oidc}:Endpoint"),
            ["oidc_client_id"] = ConfigurationItem.Fixed(oidc.ClientId, $"{Oidc}:ClientId"),
            ["oidc_scope"] = ConfigurationItem.Fixed(oidc.Scope, $"{Oidc}:Scope"),
            ["oidc_groups_claim"] = ConfigurationItem.Fixed(oidc.GroupsClaim, $"{Oidc}:GroupsClaim"),
            ["oidc_admin_group"] = ConfigurationItem.Fixed(oidc.AdminGroup, $"{Oidc}:AdminGroup"),
            ["oidc_user_claim"] = ConfigurationItem.Fixed(oidc.UserClaim, $"{Oidc}:UserClaim"),
            ["oidc_verify_cert"] = ConfigurationItem.Fixed(oidc.VerifyCertificate, $"{Oidc}:VerifyCertificate"),
            ["oidc_auto_onboard"] = ConfigurationItem.Fixed(oidc.AutoOnboard, $"{Oidc}:AutoOnboard"),
        };
    }

    /// <summary>Harbor's <c>auth_mode</c> names.</summary>
    public static string AuthModeName(AuthMode mode) => mode switch
    {
        AuthMode.Ldap => "ldap_auth",
        AuthMode.Oidc => "oidc_auth",
        _ => "db_auth",
    };
}
