using System.Globalization;

namespace ArtifactKeeper.Auth.Ldap;

/// <summary>
/// Where the LDAP server listens, read from Harbor's <c>ldap_url</c> forms: <c>ldap://host[:port]</c>,
/// <c>ldaps://host[:port]</c> or a bare <c>host[:port]</c> (plain LDAP). Port 636 means LDAPS whatever the scheme
/// says, and the default ports are 389 and 636, as in Harbor.
/// </summary>
public sealed record LdapUrl(string Host, int Port, bool Secure)
{
    public static bool TryParse(string? text, out LdapUrl url)
    {
        url = new LdapUrl(string.Empty, 0, false);
        var value = (text ?? string.Empty).Trim().TrimEnd('/');
        if (value.Length == 0)
        {
            return false;
        }

        var secure = false;
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var name = value[..scheme];
            if (string.Equals(name, "ldaps", StringComparison.OrdinalIgnoreCase))
            {
                secure = true;
            }
            else if (!string.Equals(name, "ldap", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            value = value[(scheme + 3)..];
        }

        if (value.Length == 0 || value.Contains('/', StringComparison.Ordinal) || value.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        string host;
        int port;
        var colon = value.LastIndexOf(':');
        var bracketed = value.StartsWith('[');
        if (colon > 0 && (!bracketed || value[colon - 1] == ']'))
        {
            host = value[..colon];
            if (!int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                return false;
            }
        }
        else
        {
            host = value;
            port = secure ? 636 : 389;
        }

        host = host.Trim('[', ']');
        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            return false;
        }

        url = new LdapUrl(host, port, secure || port == 636);
        return true;
    }
}
