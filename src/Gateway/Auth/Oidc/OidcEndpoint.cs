namespace ArtifactKeeper.Auth.Oidc;

/// <summary>The rules for URLs of an OpenID Connect provider: the issuer and the URLs its discovery document names.</summary>
public static class OidcEndpoint
{
    /// <summary>
    /// An issuer must be an absolute https URL without query or fragment (OpenID Connect Discovery §2). Plain http is
    /// accepted for loopback hosts only, where nothing travels over a network (local providers, tests).
    /// </summary>
    public static bool TryParseIssuer(string? value, out Uri? issuer, out string? error)
    {
        issuer = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is required.";
            return false;
        }

        if (!TryParseUrl(value, out issuer, out error))
        {
            return false;
        }

        if (issuer!.Query.Length > 0 || issuer.Fragment.Length > 0)
        {
            error = "must not have a query or fragment.";
            issuer = null;
            return false;
        }

        return true;
    }

    /// <summary>An absolute https URL (http on loopback), as every provider endpoint must be.</summary>
    public static bool TryParseUrl(string? value, out Uri? url, out string? error)
    {
        url = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            error = "must be an absolute https URL.";
            return false;
        }

        if (parsed.Scheme == Uri.UriSchemeHttp && !parsed.IsLoopback)
        {
            error = "must use https (http is accepted for loopback addresses only).";
            return false;
        }

        if (parsed.UserInfo.Length > 0)
        {
            error = "must not carry credentials.";
            return false;
        }

        url = parsed;
        error = null;
        return true;
    }

    /// <summary>Where the discovery document of <paramref name="issuer"/> lives (a trailing slash of the issuer is dropped first).</summary>
    public static Uri DiscoveryUrl(string issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return new Uri(issuer.TrimEnd('/') + "/.well-known/openid-configuration", UriKind.Absolute);
    }
}
