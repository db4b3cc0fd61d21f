using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Health;

/// <summary>One component's health as Harbor's <c>/api/v2.0/health</c> lists it.</summary>
public sealed record ComponentStatus(string Name, bool Healthy, string? Error, int? ActiveSilos = null);

/// <summary>
/// Probes the parts a request depends on: the silos (a grain round trip), the metadata store, the
/// blob store and cluster membership. Each probe is bounded in time, so a dead dependency makes
/// health answer "unhealthy" promptly instead of hanging the probe.
/// </summary>
public sealed class ComponentHealth(IGrainFactory grains, ICatalogQueries catalog, IBlobStore blobs, ILogger<ComponentHealth> logger)
{
    private const string ProbeDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<ComponentStatus>> CheckAsync(CancellationToken cancellationToken)
    {
        var core = ProbeAsync("core", async ct => await grains.GetGrain<Projects.IProjectGrain>("library").GetAsync().WaitAsync(ct), cancellationToken);
        var database = ProbeAsync("database", ct => catalog.ListRepositoriesAsync(null, 1, ct), cancellationToken);
        var registry = ProbeAsync("registry", ct => blobs.StatAsync(ProbeDigest, ct), cancellationToken);
        var cluster = ProbeClusterAsync(cancellationToken);
        return [await core, await database, await registry, await cluster];
    }

    private async Task<ComponentStatus> ProbeClusterAsync(CancellationToken cancellationToken)
    {
        var active = 0;
        var status = await ProbeAsync(
            "cluster",
            async ct =>
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, ct);
                active = hosts.Count;
                if (active == 0)
                {
                    throw new InvalidOperationException("no active silo");
                }
            },
            cancellationToken);
        return status with { ActiveSilos = active };
    }

    private async Task<ComponentStatus> ProbeAsync(string name, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe(timeout.Token);
            return new ComponentStatus(name, true, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The detail goes to the log only: health is anonymous and must not leak internals.
            logger.LogWarning(ex, "Health probe {Component} failed", name);
            return new ComponentStatus(name, false, "unavailable");
        }
    }
}
