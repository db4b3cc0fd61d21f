namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// Chooses what a policy replicates: the source's repositories its name filters match, their artifacts its tag,
/// label and resource filters select (with the tags they keep), each named on the destination by
/// <see cref="DestinationNaming"/>; handed on in batches as they are found, so memory stays bounded by one repository.
/// A repository the naming rules cannot map fails the plan (Harbor fails the execution the same way).
/// </summary>
public static class ReplicationPlanner
{
    /// <summary>Items per <c>AddTasksAsync</c> call.</summary>
    public const int BatchSize = 100;

    /// <summary>Plans <paramref name="policy"/> over <paramref name="source"/>; answers the number of items handed on.</summary>
    public static async Task<int> PlanAsync(
        ReplicationPolicy policy, IReplicationSource source, Func<IReadOnlyList<ReplicationItem>, Task> addTasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(addTasks);
        var filters = Compile(policy, source.HasLabels);
        var batch = new List<ReplicationItem>(BatchSize);
        var total = 0;
        await foreach (var repository in source.ListRepositoriesAsync(cancellationToken))
        {
            if (!filters.MatchesRepository(repository))
            {
                continue;
            }

            var destination = Destination(policy, repository);
            await foreach (var candidate in source.ListCandidatesAsync(repository, cancellationToken))
            {
                if (filters.Select(candidate) is not { } selected)
                {
                    continue;
                }

                batch.Add(Item(ReplicationOperation.Copy, repository, selected, destination));
                if (batch.Count == BatchSize)
                {
                    await addTasks(batch.ToList());
                    total += batch.Count;
                    batch.Clear();
                }
            }
        }

        if (batch.Count > 0)
        {
            await addTasks(batch.ToList());
            total += batch.Count;
        }

        return total;
    }

    /// <summary>
    /// The one item an artifact event of this registry gives, or null when the policy leaves it out. A push copies the
    /// tags the filters keep. An artifact's deletion is a delete without tags (the manifest goes, and its tags with it);
    /// a tag's deletion a delete of that tag only. Deleted artifacts' labels are gone, so label filters do not apply to
    /// deletions.
    /// </summary>
    public static ReplicationItem? ForEvent(ReplicationPolicy policy, ReplicationArtifactEvent artifactEvent, IReadOnlyList<string> labels, bool isImage)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(artifactEvent);
        var pushed = artifactEvent.Kind == ReplicationEventKind.Pushed;
        if (!pushed && !policy.ReplicateDeletion)
        {
            return null;
        }

        var filters = Compile(policy, applyLabels: pushed);
        if (!filters.MatchesRepository(artifactEvent.Repository) ||
            filters.Select(new ReplicationCandidate(artifactEvent.Digest, artifactEvent.Tags, labels, isImage)) is not { } selected ||
            !DestinationNaming.TryMap(artifactEvent.Repository, policy.DestNamespace, policy.DestNamespaceReplaceCount, out var destination, out _))
        {
            return null;
        }

        return artifactEvent.Kind switch
        {
            ReplicationEventKind.Pushed => Item(ReplicationOperation.Copy, artifactEvent.Repository, selected, destination),
            ReplicationEventKind.TagDeleted => Item(ReplicationOperation.Delete, artifactEvent.Repository, selected, destination),
            _ => Item(ReplicationOperation.Delete, artifactEvent.Repository, selected with { Tags = [] }, destination),
        };
    }

    private static ReplicationFilterSet Compile(ReplicationPolicy policy, bool applyLabels)
    {
        var compiled = applyLabels
            ? ReplicationFilterSet.TryCompile(policy.Filters, out var filters, out var error)
            : ReplicationFilterSet.ForRemoteSource(policy.Filters, out filters, out error);
        return compiled ? filters! : throw new ReplicationPlanningException($"the policy's filters are invalid: {error}");
    }

    private static string Destination(ReplicationPolicy policy, string repository) =>
        DestinationNaming.TryMap(repository, policy.DestNamespace, policy.DestNamespaceReplaceCount, out var destination, out var error)
            ? destination
            : throw new ReplicationPlanningException(error!);

    private static ReplicationItem Item(ReplicationOperation operation, string repository, ReplicationCandidate candidate, string destination) =>
        new(operation, candidate.IsImage ? ReplicationFilterTypes.Image : ReplicationFilterTypes.Artifact, repository, candidate.Digest, candidate.Tags, destination);
}

/// <summary>A plan that cannot go on; the message is for the execution's status text.</summary>
public sealed class ReplicationPlanningException(string message) : Exception(message);
