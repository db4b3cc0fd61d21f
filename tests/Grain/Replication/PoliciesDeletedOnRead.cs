using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// The real policy store, but a read of a doomed policy is followed at once by its deletion (through the real store, as
/// the API deletes): the reader holds a policy that is gone the instant after, the interleaving a start racing a delete
/// has at its worst.
/// </summary>
public sealed class PoliciesDeletedOnRead(IReplicationPolicyMetadata store) : IReplicationPolicyMetadata
{
    private readonly HashSet<long> _doomed = [];

    /// <summary>What the deletions that followed reads answered.</summary>
    public List<ReplicationPolicyDeletion> Deletions { get; } = [];

    public void Doom(long policyId)
    {
        lock (_doomed)
        {
            _doomed.Add(policyId);
        }
    }

    public async Task<ReplicationPolicy?> GetReplicationPolicyAsync(long id, CancellationToken cancellationToken)
    {
        var policy = await store.GetReplicationPolicyAsync(id, cancellationToken);
        bool doomed;
        lock (_doomed)
        {
            doomed = _doomed.Remove(id);
        }

        if (doomed)
        {
            var deletion = await store.DeleteReplicationPolicyAsync(id, cancellationToken);
            lock (_doomed)
            {
                Deletions.Add(deletion);
            }
        }

        return policy;
    }

    public Task<ReplicationPolicy?> TryCreateReplicationPolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken) =>
        store.TryCreateReplicationPolicyAsync(policy, cancellationToken);

    public Task<ReplicationPolicyChange> TryUpdateReplicationPolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken) =>
        store.TryUpdateReplicationPolicyAsync(policy, cancellationToken);

    public Task<ReplicationPolicyDeletion> DeleteReplicationPolicyAsync(long id, CancellationToken cancellationToken) =>
        store.DeleteReplicationPolicyAsync(id, cancellationToken);

    public Task<ListPage<ReplicationPolicy>> ListReplicationPoliciesAsync(ListQuery query, CancellationToken cancellationToken) =>
        store.ListReplicationPoliciesAsync(query, cancellationToken);

    public Task<IReadOnlyList<ReplicationPolicy>> ListReplicationPoliciesOfRegistryAsync(long registryId, CancellationToken cancellationToken) =>
        store.ListReplicationPoliciesOfRegistryAsync(registryId, cancellationToken);

    public Task<IReadOnlyList<ReplicationPolicy>> ListEventBasedReplicationPoliciesAsync(CancellationToken cancellationToken) =>
        store.ListEventBasedReplicationPoliciesAsync(cancellationToken);
}
