namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// The side a policy replicates from, as its planner reads it: repositories, then each one's artifacts (top-level
/// ones only: index children, signatures and SBOMs travel with the artifact they belong to).
/// </summary>
public interface IReplicationSource
{
    /// <summary>True when the source knows artifacts' labels (this registry); label filters apply only then.</summary>
    bool HasLabels { get; }

    IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<ReplicationCandidate> ListCandidatesAsync(string repository, CancellationToken cancellationToken);
}
