using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Replication policies (Harbor's <c>replication_policy</c>), filters and trigger kept as Harbor's JSON text.
/// Names are unique.
/// </summary>
public interface IReplicationPolicyMetadata
{
    /// <summary>Stores a new policy (its <see cref="ReplicationPolicy.Id"/> is ignored) and returns it with its id; null when the name is taken.</summary>
    Task<ReplicationPolicy?> TryCreateReplicationPolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken);

    Task<ReplicationPolicy?> GetReplicationPolicyAsync(long id, CancellationToken cancellationToken);

    /// <summary>Replaces every field but id, creator and creation time.</summary>
    Task<ReplicationPolicyChange> TryUpdateReplicationPolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the policy with its executions and their tasks, in one transaction, as Harbor does; refused
    /// (<see cref="ReplicationPolicyDeletion.Running"/>, nothing changed) while an execution of it is InProgress.
    /// </summary>
    Task<ReplicationPolicyDeletion> DeleteReplicationPolicyAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// One page of policies by id, and the total. Filters on <see cref="ReplicationPolicyFields"/>: <c>name</c> (exact, or
    /// fuzzy with Harbor's <c>~</c>), <c>src_registry_id</c>, <c>dest_registry_id</c>, <c>enabled</c>.
    /// </summary>
    Task<ListPage<ReplicationPolicy>> ListReplicationPoliciesAsync(ListQuery query, CancellationToken cancellationToken);

    /// <summary>The policies whose source or destination is the registry endpoint <paramref name="registryId"/>, by id.</summary>
    Task<IReadOnlyList<ReplicationPolicy>> ListReplicationPoliciesOfRegistryAsync(long registryId, CancellationToken cancellationToken);

    /// <summary>Enabled push-based policies with the event trigger (for the push and delete hook), by id.</summary>
    Task<IReadOnlyList<ReplicationPolicy>> ListEventBasedReplicationPoliciesAsync(CancellationToken cancellationToken);
}

/// <summary>What deleting a policy did.</summary>
public enum ReplicationPolicyDeletion
{
    Deleted = 0,
    NotFound,

    /// <summary>An execution of the policy is still InProgress: stop it first.</summary>
    Running,
}

/// <summary>What a policy update did.</summary>
public enum ReplicationPolicyChange
{
    Changed = 0,
    NotFound,
    Duplicate,
}
