using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>
/// How replication talks to remote registries (<c>ArtifactKeeper:Replication:Remote</c>): timeouts and page sizes.
/// </summary>
public sealed class RemoteRegistryOptions : ISelfValidatingOptions
{
    public const string Section = "ArtifactKeeper:Replication:Remote";

    /// <summary>Time to open a TCP (and TLS) connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time for one request that moves no blob (manifests, tags, tokens, upload sessions) to get its answer. Blob bodies
    /// are bounded by the caller's cancellation only: a large layer over a slow link may take hours.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Entries asked for per page of the catalog, tag lists and hosted listing APIs.</summary>
    public int PageSize { get; set; } = 100;

    public string? Validate() =>
        ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(10) ? $"{Section}:ConnectTimeout must be between 0 and 10 minutes"
        : RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromHours(1) ? $"{Section}:RequestTimeout must be between 0 and 1 hour"
        : PageSize is < 1 or > 10_000 ? $"{Section}:PageSize must be between 1 and 10000"
        : null;
}

/// <summary>
/// Where the hosted services' own APIs live (<c>ArtifactKeeper:Replication:Endpoints</c>). The defaults are the real
/// hosts; tests point them at loopback stand-ins.
/// </summary>
public sealed class HostedRegistryEndpointsOptions : ISelfValidatingOptions
{
    public const string Section = "ArtifactKeeper:Replication:Endpoints";

    /// <summary>Docker Hub's web API (repository listing, login).</summary>
    public Uri DockerHubApi { get; set; } = new("https://hub.docker.com");

    /// <summary>Docker Hub's registry (the distribution API behind an endpoint whose URL is Hub's web address).</summary>
    public Uri DockerHubRegistry { get; set; } = new("https://registry-1.docker.io");

    /// <summary>The ECR API, <c>{region}</c> replaced by the region read from the endpoint's URL.</summary>
    public string AwsEcrApi { get; set; } = "https://api.ecr.{region}.amazonaws.com";

    public string? Validate() =>
        !DockerHubApi.IsAbsoluteUri ? $"{Section}:DockerHubApi must be an absolute URL"
        : !DockerHubRegistry.IsAbsoluteUri ? $"{Section}:DockerHubRegistry must be an absolute URL"
        : !Uri.TryCreate(AwsEcrApi.Replace("{region}", "us-east-1", StringComparison.Ordinal), UriKind.Absolute, out _)
            ? $"{Section}:AwsEcrApi must be an absolute URL (with {{region}} where the region goes)"
        : null;

    public Uri EcrApi(string region) => new(AwsEcrApi.Replace("{region}", region, StringComparison.Ordinal));
}
