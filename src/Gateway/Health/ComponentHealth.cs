using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Health;

/// <summary>One component's health as Harbor's <c>/api/v2.0/health</c> lists it.</summary>
public sealed record ComponentStatus(string Name, bool Healthy, string? Error);

/// <summary>Probes the parts a request depends on: the silo, the metadata store and the blob store.</summary>
public sealed class ComponentHealth(IGrainFactory grains, ICatalogQueries catalog, IBlobStore blobs, ILogger<ComponentHealth> logger)
{
    private const string ProbeDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    public async Task<IReadOnlyList<ComponentStatus>> CheckAsync(CancellationToken cancellationToken) =>
    [
        await ProbeAsync("core", async () => await grains.GetGrain<Projects.IProjectGrain>("library").GetAsync()),
        await ProbeAsync("database", () => catalog.ListRepositoriesAsync(null, 1, cancellationToken)),
        await ProbeAsync("registry", () => blobs.StatAsync(ProbeDigest, cancellationToken)),
    ];

    private async Task<ComponentStatus> ProbeAsync(string name, Func<Task> probe)
    {
        try
        {
            await probe();
            return new ComponentStatus(name, true, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The detail goes to the log only: health is anonymous and must not leak internals.
            logger.LogWarning(ex, "Health probe {Component} failed", name);
            return new ComponentStatus(name, false, "unavailable");
        }
    }
}
