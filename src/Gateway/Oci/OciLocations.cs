using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Oci;

/// <summary>
/// Builds every URL the registry hands out (Location headers, Link headers, the token realm), from
/// <see cref="ArtifactKeeperOptions.ExternalUrl"/> or else the request's own scheme and Host.
/// </summary>
public sealed class OciLocations(IOptions<ArtifactKeeperOptions> options)
{
    public string BaseUrl(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options.Value.ExternalUrl is { } external)
        {
            return external.ToString().TrimEnd('/');
        }

        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
    }

    public string Blob(HttpContext context, string name, string digest) => $"{BaseUrl(context)}/v2/{name}/blobs/{digest}";

    public string Upload(HttpContext context, string name, string uploadId) => $"{BaseUrl(context)}/v2/{name}/blobs/uploads/{uploadId}";

    public string Manifest(HttpContext context, string name, string reference) => $"{BaseUrl(context)}/v2/{name}/manifests/{reference}";

    public string TokenRealm(HttpContext context) => $"{BaseUrl(context)}/service/token";

    /// <summary>A relative next-page link, as distribution writes it: <c>&lt;/v2/...?n=..&amp;last=..&gt;; rel="next"</c>.</summary>
    public static string NextPageLink(string path, int n, string last) =>
        $"<{path}?n={n}&last={Uri.EscapeDataString(last)}>; rel=\"next\"";
}
