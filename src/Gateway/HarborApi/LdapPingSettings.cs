using ArtifactKeeper.Auth.Ldap;
using ArtifactKeeper.HarborApi.Models;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// The settings a <c>POST /ldap/ping</c> tests: the configured ones, with each field the body sets taken from the
/// body (no body pings the configured server). The configured search password is only reused for the configured
/// server: a ping naming another URL must bring its own password, so an admin typo or a hostile URL cannot
/// collect the real search password. Harbor reuses it for any URL; this is deliberately stricter.
/// </summary>
public static class LdapPingSettings
{
    private const int MaxTimeoutSeconds = 300;

    public static bool TryMerge(LdapOptions configured, LdapConf? body, out LdapOptions settings, out string? error)
    {
        ArgumentNullException.ThrowIfNull(configured);
        settings = configured.Clone();
        error = null;
        if (body is null)
        {
            return true;
        }

        if (body.LdapScope is { } scope && scope is < 0 or > 2)
        {
            error = "ldap_scope must be 0 (base), 1 (one level) or 2 (subtree)";
            return false;
        }

        if (body.LdapConnectionTimeout is { } timeout && timeout is < 0 or > MaxTimeoutSeconds)
        {
            error = $"ldap_connection_timeout must be between 0 and {MaxTimeoutSeconds} seconds";
            return false;
        }

        var sameServer = body.LdapUrl is null || string.Equals(body.LdapUrl.Trim(), configured.Url.Trim(), StringComparison.OrdinalIgnoreCase);
        settings.Url = body.LdapUrl ?? settings.Url;
        settings.SearchDn = body.LdapSearchDn ?? settings.SearchDn;
        settings.SearchPassword = body.LdapSearchPassword is { Length: > 0 } password ? password
            : sameServer ? configured.SearchPassword : string.Empty;
        settings.BaseDn = body.LdapBaseDn ?? settings.BaseDn;
        settings.Filter = body.LdapFilter ?? settings.Filter;
        settings.UidAttribute = body.LdapUid is { Length: > 0 } uid ? uid : settings.UidAttribute;
        settings.Scope = body.LdapScope is { } s ? (LdapScope)s : settings.Scope;
        settings.TimeoutSeconds = body.LdapConnectionTimeout is { } t and > 0 ? (int)t : settings.TimeoutSeconds;
        settings.VerifyCertificate = body.LdapVerifyCert ?? settings.VerifyCertificate;
        return true;
    }
}
