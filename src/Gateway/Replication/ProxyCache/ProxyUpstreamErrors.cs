using System.Net;
using ArtifactKeeper.Oci;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>How a failed upstream call of a proxy-cache pull reaches the client, as OCI error JSON.</summary>
public static class ProxyUpstreamErrors
{
    /// <summary>
    /// True when upstream is down, timing out or rate limiting (connection failures, timeouts, 408, 429, 5xx): then a
    /// cached copy is served instead of the error.
    /// </summary>
    public static bool IsUnavailable(Exception error) => error switch
    {
        OciRegistryException registry => registry.Transient,
        HttpRequestException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    /// <summary>
    /// The error a pull gets when upstream failed; <paramref name="cached"/> false (nothing cached to serve) says so, so
    /// a client pulling a platform of an index nobody pulled before learns why while upstream is down.
    /// </summary>
    public static IResult ToResult(Exception error, bool manifest, string reference, bool cached)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = (error as OciRegistryException)?.StatusCode;
        var prefix = cached ? string.Empty : $"{(manifest ? "manifest" : "blob")} {reference} is not cached and ";
        return status switch
        {
            HttpStatusCode.NotFound => NotFound(manifest, reference),
            HttpStatusCode.TooManyRequests => OciErrorResult.Custom(StatusCodes.Status429TooManyRequests, "TOOMANYREQUESTS", $"{prefix}the upstream registry is rate limiting pulls; try again later"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => OciErrorResult.Custom(StatusCodes.Status502BadGateway, "UNKNOWN", $"{prefix}the upstream registry refused the proxy cache's credentials"),
            null => OciErrorResult.Custom(StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", $"{prefix}the upstream registry did not answer"),
            _ => OciErrorResult.Custom(StatusCodes.Status502BadGateway, "UNKNOWN", $"{prefix}the upstream registry answered {(int)status}"),
        };
    }

    public static IResult NotFound(bool manifest, string reference) => manifest
        ? new OciErrorResult(RegistryError.ManifestUnknown, $"manifest {reference} is not in the upstream registry")
        : new OciErrorResult(RegistryError.BlobUnknown, $"blob {reference} is not in the upstream registry");
}
