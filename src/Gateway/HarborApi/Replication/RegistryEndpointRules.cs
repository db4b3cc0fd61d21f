using ArtifactKeeper.Replication;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>
/// What a registry endpoint must look like before it is stored or pinged. Each check answers null when the value is
/// fine, else the reason, worded for Harbor's error message.
/// </summary>
public static class RegistryEndpointRules
{
    /// <summary>Harbor's limit on a registry name.</summary>
    public const int MaxNameLength = 64;

    private static readonly string[] CredentialTypes = [RegistryCredentialTypes.Basic, RegistryCredentialTypes.OAuth, RegistryCredentialTypes.Secret];

    public static string? CheckName(string? name) => name switch
    {
        null or { Length: 0 } => "name cannot be empty",
        { Length: > MaxNameLength } => $"the max length of name is {MaxNameLength}",
        _ when name.Any(char.IsControl) => "name cannot hold control characters",
        _ => null,
    };

    public static string? CheckType(string? type) =>
        string.IsNullOrEmpty(type) ? "type cannot be empty"
        : RegistryEndpointTypes.All.Contains(type, StringComparer.Ordinal) ? null
        : $"unsupported registry type '{Shorten(type)}': one of {string.Join(", ", RegistryEndpointTypes.All)}";

    /// <summary>
    /// The URL as stored: absolute http or https, no user info (credentials go in <c>credential</c>, which is sealed), no
    /// query or fragment, without a trailing slash. An empty URL takes <paramref name="defaultUrl"/> (hosted services).
    /// </summary>
    public static bool TryNormalizeUrl(string? url, string? defaultUrl, out string normalized, out string? error)
    {
        normalized = string.Empty;
        var text = string.IsNullOrWhiteSpace(url) ? defaultUrl : url.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "url cannot be empty";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            error = $"url must be an absolute http or https URL, not '{Shorten(text)}'";
            return false;
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = "url cannot hold user info, a query or a fragment (credentials go in credential)";
            return false;
        }

        normalized = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        error = null;
        return true;
    }

    /// <summary>A credential is an access key with an optional secret, of a known type; a secret alone has no owner.</summary>
    public static string? CheckCredential(string credentialType, string? accessKey, string? accessSecret)
    {
        if (!CredentialTypes.Contains(credentialType, StringComparer.Ordinal))
        {
            return $"unsupported credential type '{Shorten(credentialType)}': one of {string.Join(", ", CredentialTypes)}";
        }

        return accessKey is null && !string.IsNullOrEmpty(accessSecret) ? "access_secret needs an access_key" : null;
    }

    /// <summary>A credential type as Harbor defaults it: basic when none is given.</summary>
    public static string CredentialTypeOrDefault(string? credentialType) =>
        string.IsNullOrEmpty(credentialType) ? RegistryCredentialTypes.Basic : credentialType;

    /// <summary>An access key as stored: none for an empty one.</summary>
    public static string? AccessKeyOrNone(string? accessKey) => string.IsNullOrEmpty(accessKey) ? null : accessKey;

    private static string Shorten(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
