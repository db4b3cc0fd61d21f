using ArtifactKeeper.Audit;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Oci;

/// <summary>Everything an OCI handler needs for one request: the parsed route, the caller and the services.</summary>
public sealed class OciRequest(HttpContext http, OciRoute route, RegistryCaller caller, OciServices services)
{
    public HttpContext Http { get; } = http;

    public OciRoute Route { get; } = route;

    public RegistryCaller Caller { get; } = caller;

    public string Name => Route.Name;

    public string Reference => Route.Reference;

    public IGrainFactory Grains => services.Grains;

    /// <summary>The repository grain this request names.</summary>
    public IRepositoryGrain Repository => services.References.Repository(Route.Name);

    public IBlobGrain Blob(string digest) => services.References.Blob(digest);

    public IBlobStore Blobs => services.Blobs;

    public ICatalogQueries Catalog => services.Catalog;

    public OciLocations Locations => services.Locations;

    public RepositoryAuthorizer Authorizer => services.Authorizer;

    public IAuditLog Audit => services.Audit;

    /// <summary>Counts manifest pulls (Harbor's pull_count and pull_time), written in batches.</summary>
    public PullRecorder Pulls => services.Pulls;

    /// <summary>Content trust on manifest pulls (signature policy, decided by the project's content-trust grain).</summary>
    public Signing.ContentTrustGate ContentTrust => services.ContentTrust;

    /// <summary>Vulnerability prevention on manifest pulls (decided from the artifact's scan report and the CVE allowlist).</summary>
    public Scanning.VulnerabilityPullGate VulnerabilityPrevention => services.VulnerabilityPrevention;

    /// <summary>Pull-through of proxy-cache projects (manifests, blob misses) and their push refusal.</summary>
    public Replication.ProxyCache.ProxyCachePullThrough ProxyCache => services.ProxyCache;

    /// <summary>
    /// Records an event of this request's project. The project id comes from the directory the access
    /// check just filled, so this costs no grain call on the hot path.
    /// </summary>
    public async ValueTask RecordAsync(Func<long?, DateTimeOffset, AuditEvent> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!services.Audit.IsEnabled)
        {
            return;
        }

        var project = await services.Projects.FindAsync(RegistryKeys.ProjectOf(Name));
        services.Audit.Record(create(project?.ProjectId, services.Clock.GetUtcNow()));
    }

    public CancellationToken Aborted => Http.RequestAborted;

    public string? Query(string key) => Http.Request.Query.TryGetValue(key, out var value) ? value.ToString() : null;
}

/// <summary>The singletons OCI handlers use, resolved once.</summary>
public sealed record OciServices(
    IGrainFactory Grains,
    GrainReferences References,
    IBlobStore Blobs,
    ICatalogQueries Catalog,
    OciLocations Locations,
    RegistryAuthenticator Authenticator,
    RegistryChallenge Challenge,
    RepositoryAuthorizer Authorizer,
    ProjectDirectory Projects,
    IAuditLog Audit,
    TimeProvider Clock,
    PullRecorder Pulls,
    Signing.ContentTrustGate ContentTrust,
    Scanning.VulnerabilityPullGate VulnerabilityPrevention,
    Replication.ProxyCache.ProxyCachePullThrough ProxyCache);
