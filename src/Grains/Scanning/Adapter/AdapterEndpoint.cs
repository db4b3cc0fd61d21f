using System.Text;

namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// How to reach one adapter: its base URL (the <c>/api/v1</c> paths are appended) and the header its registration's
/// auth asks for (none, <c>Authorization: Basic|Bearer</c>, or <c>X-ScannerAdapter-API-Key</c>).
/// <see cref="ToString"/> never shows the credential.
/// </summary>
public sealed record AdapterEndpoint(Uri BaseUrl, string? AuthHeader, string? AuthValue)
{
    public const string ApiKeyHeader = "X-ScannerAdapter-API-Key";

    /// <summary>Harbor's auth kinds: "" (none), "Basic" (credential "user:password"), "Bearer", "X-ScannerAdapter-API-Key".</summary>
    public static readonly IReadOnlyList<string> AuthKinds = [string.Empty, "Basic", "Bearer", ApiKeyHeader];

    public static AdapterEndpoint For(Uri baseUrl, string? auth, string? credential) => auth switch
    {
        "Basic" => new(baseUrl, "Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credential ?? string.Empty))),
        "Bearer" => new(baseUrl, "Authorization", "Bearer " + credential),
        ApiKeyHeader => new(baseUrl, ApiKeyHeader, credential),
        _ => new(baseUrl, null, null),
    };

    public Uri Path(string relative) => new(BaseUrl.AbsoluteUri.TrimEnd('/') + "/api/v1/" + relative);

    public override string ToString() => $"AdapterEndpoint {{ BaseUrl = {BaseUrl} }}";
}
