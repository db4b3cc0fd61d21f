namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Proxy-cache projects: the registry endpoint a project pulls through (Harbor's <c>project.registry_id</c>). Kept in
/// its own table so a project's row stays as it was for every other reader; the link goes with its project.
/// </summary>
public interface IProxyCacheMetadata
{
    /// <summary>Makes the project a proxy cache of endpoint <paramref name="registryId"/>; false when the project does not exist.</summary>
    Task<bool> SetProxyCacheRegistryAsync(long projectId, long registryId, CancellationToken cancellationToken);

    /// <summary>The endpoint the project pulls through, or null for an ordinary project.</summary>
    Task<long?> GetProxyCacheRegistryAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>The name of a proxy-cache project (the oldest) that pulls through endpoint <paramref name="registryId"/>, or null.</summary>
    Task<string?> FindProxyCacheProjectAsync(long registryId, CancellationToken cancellationToken);
}
