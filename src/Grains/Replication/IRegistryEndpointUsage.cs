namespace ArtifactKeeper.Replication;

/// <summary>
/// Something that refers to registry endpoints (replication policies, proxy-cache projects). An endpoint in use
/// cannot be deleted: the registries API asks every registered usage first.
/// </summary>
public interface IRegistryEndpointUsage
{
    /// <summary>A sentence naming what uses the endpoint (e.g. "replication policy 'dr'"), or null when nothing does.</summary>
    Task<string?> FindUseAsync(long registryId, CancellationToken cancellationToken);
}
