namespace ArtifactKeeper.Auth.Ldap;

/// <summary>
/// The LDAP server user passwords are checked against when <see cref="AuthOptions.Mode"/> is <see cref="AuthMode.Ldap"/>
/// (<c>ArtifactKeeper:Ldap</c>); each setting mirrors one of Harbor's <c>ldap_*</c> configuration items.
/// Checked at start-up by <see cref="LdapOptionsValidator"/> in LDAP mode only.
/// </summary>
public sealed class LdapOptions
{
    public const string Section = "ArtifactKeeper:Ldap";

    /// <summary><c>ldap_url</c>: <c>ldap://host[:port]</c>, <c>ldaps://host[:port]</c> or a bare <c>host[:port]</c>.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary><c>ldap_search_dn</c>: the account that looks users and groups up.</summary>
    public string SearchDn { get; set; } = string.Empty;

    /// <summary><c>ldap_search_password</c>. A secret: never logged, never returned by the API.</summary>
    public string SearchPassword { get; set; } = string.Empty;

    /// <summary><c>ldap_base_dn</c>: where users are searched.</summary>
    public string BaseDn { get; set; } = string.Empty;

    /// <summary><c>ldap_filter</c>: an extra condition every user entry must meet, e.g. <c>(objectClass=person)</c>.</summary>
    public string Filter { get; set; } = string.Empty;

    /// <summary><c>ldap_uid</c>: the attribute holding the login name.</summary>
    public string UidAttribute { get; set; } = "uid";

    /// <summary><c>ldap_scope</c>.</summary>
    public LdapScope Scope { get; set; } = LdapScope.Subtree;

    /// <summary><c>ldap_timeout</c>: bound on connecting and on each operation.</summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary><c>ldap_verify_cert</c>: check the server certificate of <c>ldaps://</c>.</summary>
    public bool VerifyCertificate { get; set; } = true;

    /// <summary><c>ldap_group_base_dn</c>: where groups are searched; empty means <see cref="BaseDn"/>.</summary>
    public string GroupBaseDn { get; set; } = string.Empty;

    /// <summary><c>ldap_group_search_filter</c>, e.g. <c>(objectClass=groupOfNames)</c>.</summary>
    public string GroupFilter { get; set; } = string.Empty;

    /// <summary><c>ldap_group_attribute_name</c>: the attribute holding a group's name.</summary>
    public string GroupNameAttribute { get; set; } = "cn";

    /// <summary><c>ldap_group_search_scope</c>.</summary>
    public LdapScope GroupSearchScope { get; set; } = LdapScope.Subtree;

    /// <summary><c>ldap_group_admin_dn</c>: members of this group are system administrators while they sign in.</summary>
    public string GroupAdminDn { get; set; } = string.Empty;

    /// <summary><c>ldap_group_membership_attribute</c>: the user attribute listing the user's group DNs.</summary>
    public string GroupMembershipAttribute { get; set; } = "memberof";

    /// <summary>The base of group searches: <see cref="GroupBaseDn"/>, else <see cref="BaseDn"/> (as Harbor does).</summary>
    public string EffectiveGroupBaseDn => GroupBaseDn.Length > 0 ? GroupBaseDn : BaseDn;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>A copy, so a ping with other settings never changes the configured ones.</summary>
    public LdapOptions Clone() => (LdapOptions)MemberwiseClone();
}

/// <summary>Harbor's <c>ldap_scope</c> values: 0 base, 1 one level, 2 subtree.</summary>
public enum LdapScope
{
    Base = 0,
    OneLevel = 1,
    Subtree = 2,
}
