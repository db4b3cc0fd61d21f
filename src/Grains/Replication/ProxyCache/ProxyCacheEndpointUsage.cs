using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>A registry endpoint a proxy-cache project pulls through is in use: the registries API refuses to delete it.</summary>
public sealed class ProxyCacheEndpointUsage(IProxyCacheMetadata store) : IRegistryEndpointUsage
{
    public async Task<string?> FindUseAsync(long registryId, CancellationToken cancellationToken) =>
        await store.FindProxyCacheProjectAsync(registryId, cancellationToken) is { } project
            ? $"proxy-cache project '{project}'"
            : null;
}
