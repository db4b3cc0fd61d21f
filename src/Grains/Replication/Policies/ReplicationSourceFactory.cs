using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>Opens the source side of a policy: this registry for push-based policies, the source endpoint for pull-based ones.</summary>
public sealed class ReplicationSourceFactory(
    ICatalogQueries catalog, IRepositoryMetadata repositories, IArtifactLabelMetadata labels, IRemoteRegistryFactory? remotes = null)
{
    public async Task<IReplicationSource> OpenAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.SourceRegistryId is not { } registryId)
        {
            return new LocalReplicationSource(catalog, repositories, labels);
        }

        if (remotes is null)
        {
            throw new ReplicationPlanningException("no remote registry client is configured on this silo");
        }

        var remote = await remotes.OpenAsync(registryId, cancellationToken)
                     ?? throw new ReplicationPlanningException($"the source registry {registryId} no longer exists");
        // Several name filters must all match, so any one of them bounds the listing; Harbor's adapters read the first.
        var name = policy.Filters.FirstOrDefault(f => f.Type == ReplicationFilterTypes.Name && !string.IsNullOrEmpty(f.Value));
        return new RemoteReplicationSource(remote, RepositoryListingHint.FromNamePattern(name?.Value));
    }
}
