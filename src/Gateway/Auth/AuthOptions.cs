namespace ArtifactKeeper.Auth;

/// <summary>Token server and login settings (<c>ArtifactKeeper:Auth</c>), checked by <see cref="AuthOptionsValidator"/>.</summary>
public sealed class AuthOptions
{
    public const string Section = "ArtifactKeeper:Auth";

    /// <summary>
    /// How long a registry bearer token lives. Harbor's default (<c>token_expiration</c>) is 30 minutes; the token
    /// spec asks for at least 60 seconds so that older clients do not fetch a new token for every request.
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long an OAuth2 refresh token (what <c>docker login</c> stores as its identity token) stays usable.
    /// A password change or deleting the user ends it earlier.
    /// </summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Where user passwords are checked: <c>Database</c> (local accounts, Harbor's <c>db_auth</c>), <c>Ldap</c>
    /// (<c>ldap_auth</c>) or <c>Oidc</c> (<c>oidc_auth</c>). The local <c>admin</c> always signs in against the database.
    /// </summary>
    public AuthMode Mode { get; set; } = AuthMode.Database;

    /// <summary>Brute-force protection for every place a password is checked.</summary>
    public LoginThrottleOptions LoginThrottle { get; set; } = new();
}

/// <summary>Harbor's <c>auth_mode</c>: where user passwords are checked.</summary>
public enum AuthMode
{
    Database = 0,
    Ldap,
    Oidc,
}
