using ArtifactKeeper.Scanning.Trivy;
using ArtifactKeeper.Scanning.Adapter;

namespace ArtifactKeeper.Scanning.External;

/// <summary>
/// What a scanner registration must hold: a name (at most 255 characters), a URL an adapter or a Trivy binary can
/// be reached at (<see cref="ExternalScanners.IsSupportedUrl"/>), and one of Harbor's auth kinds, with a credential
/// when the kind needs one (Basic as <c>user:password</c>).
/// </summary>
public static class ScannerRegistrationRules
{
    public const int MaxNameLength = 255;

    public static string? Check(string? name, string? url, string? auth, string? credential)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "name is required";
        }

        if (name.Length > MaxNameLength)
        {
            return $"name must be at most {MaxNameLength} characters";
        }

        return CheckEndpoint(url, auth, credential);
    }

    /// <summary>The URL and auth part alone, as a ping checks them.</summary>
    public static string? CheckEndpoint(string? url, string? auth, string? credential)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == ExternalScanners.TrivyCliScheme &&
            TrivyCliTarget.Parse(uri, out var trivyError) is null)
        {
            return $"url must be {ExternalScanners.TrivyCliScheme}:///path/to/trivy[?server=<Trivy server URL>]: {trivyError}";
        }

        if (!ExternalScanners.IsSupportedUrl(url))
        {
            return $"url must be an http(s) adapter URL or {ExternalScanners.TrivyCliScheme}:///path/to/trivy[?server=<Trivy server URL>]: {url}";
        }

        if (!AdapterEndpoint.AuthKinds.Contains(auth ?? string.Empty, StringComparer.Ordinal))
        {
            return $"auth must be one of \"\", Basic, Bearer, {AdapterEndpoint.ApiKeyHeader}: {auth}";
        }

        if (!string.IsNullOrEmpty(auth) && string.IsNullOrEmpty(credential))
        {
            return $"access_credential is required with auth {auth}";
        }

        return auth == "Basic" && !credential!.Contains(':', StringComparison.Ordinal)
            ? "access_credential of Basic auth is user:password"
            : null;
    }
}
