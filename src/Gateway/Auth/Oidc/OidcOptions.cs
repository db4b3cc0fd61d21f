namespace ArtifactKeeper.Auth.Oidc;

/// <summary>
/// The OpenID Connect provider used when <see cref="AuthOptions.Mode"/> is <see cref="AuthMode.Oidc"/>
/// (<c>ArtifactKeeper:Oidc</c>), Harbor's <c>oidc_*</c> settings. Checked by <see cref="OidcOptionsValidator"/>.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "ArtifactKeeper:Oidc";

    /// <summary>The claim Harbor reads the username from when <see cref="UserClaim"/> is unset or absent from a token.</summary>
    public const string DefaultUserClaim = "name";

    /// <summary>Display name of the provider (<c>oidc_name</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The issuer URL (<c>oidc_endpoint</c>); discovery is read from <c>&lt;Endpoint&gt;/.well-known/openid-configuration</c>.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>This registry's client id at the provider; ID tokens must name it in <c>aud</c>.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The client secret for the code exchange. A secret: never logged, never answered.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Comma-separated scopes asked for at sign-in (<c>oidc_scope</c>); must include <c>openid</c>.</summary>
    public string Scope { get; set; } = "openid,offline_access";

    /// <summary>The claim holding the user's groups (<c>oidc_groups_claim</c>); unset: no groups.</summary>
    public string GroupsClaim { get; set; } = string.Empty;

    /// <summary>Members of this group are system administrators (<c>oidc_admin_group</c>); unset: nobody is by group.</summary>
    public string AdminGroup { get; set; } = string.Empty;

    /// <summary>The claim that becomes the username at onboarding (<c>oidc_user_claim</c>); unset or absent: <see cref="DefaultUserClaim"/>.</summary>
    public string UserClaim { get; set; } = string.Empty;

    /// <summary>Whether the provider's TLS certificate is checked (<c>oidc_verify_cert</c>).</summary>
    public bool VerifyCertificate { get; set; } = true;

    /// <summary>Whether a first-time user is created from the token without an onboarding step (<c>oidc_auto_onboard</c>).</summary>
    public bool AutoOnboard { get; set; }

    /// <summary>The scopes of <see cref="Scope"/>, trimmed, without empty entries.</summary>
    public IReadOnlyList<string> Scopes =>
        Scope.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
