using ArtifactKeeper.Replication.ProxyCache;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Projects;

/// <summary>
/// Proxy-cache projects: the registry endpoint the project pulls through, loaded with the project so every
/// <see cref="IProjectGrain.GetAsync"/> (and the gateway's project directory) carries it, and Harbor's default
/// retention for such a project (keep what was pulled within the last 7 days).
/// </summary>
public sealed partial class ProjectGrain
{
    private long? _proxyRegistryId;

    private IProxyCacheMetadata ProxyCacheStore => ServiceProvider.GetRequiredService<IProxyCacheMetadata>();

    private async Task LoadProxyCacheAsync(CancellationToken cancellationToken) =>
        _proxyRegistryId = _project is null ? null : await ProxyCacheStore.GetProxyCacheRegistryAsync(_project.ProjectId, cancellationToken);

    /// <summary>
    /// Links the new project to its endpoint and creates its retention policy. A project that cannot become a proxy
    /// cache is removed again, so a failed create leaves no ordinary project behind under the proxy's name.
    /// </summary>
    private async Task BecomeProxyCacheAsync(long registryId)
    {
        try
        {
            if (!await ProxyCacheStore.SetProxyCacheRegistryAsync(_project!.ProjectId, registryId, CancellationToken.None))
            {
                throw new InvalidOperationException($"project {Name} vanished while it was being created");
            }

            _proxyRegistryId = registryId;
            var retention = await TryCreateRetentionPolicyAsync(ProxyCacheRetention.DefaultPolicy(_project.ProjectId));
            if (!retention.Succeeded)
            {
                throw new InvalidOperationException($"the default retention policy of proxy-cache project {Name} was refused: {retention.Message}");
            }
        }
        catch
        {
            await metadata.TryDeleteProjectAsync(Name, CancellationToken.None);
            _project = null;
            _proxyRegistryId = null;
            throw;
        }

        logger.LogInformation("Project {Project} is a proxy cache of registry endpoint {RegistryId}", Name, registryId);
    }
}
