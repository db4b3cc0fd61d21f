using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>Replication executions and their tasks (Harbor's <c>execution</c> and <c>task</c> of vendor REPLICATION).</summary>
public interface IReplicationExecutionMetadata
{
    /// <summary>Stores a new execution, InProgress from <paramref name="at"/>, and returns its id.</summary>
    Task<long> CreateReplicationExecutionAsync(long policyId, string trigger, ReplicationRoute route, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>True while an execution of the policy has not ended (for <c>single_active_replication</c>).</summary>
    Task<bool> HasActiveReplicationExecutionAsync(long policyId, CancellationToken cancellationToken);

    // The executions helper adds tasks, status changes, listings and logs here.
}
