namespace ArtifactKeeper.Retention;

/// <summary>
/// One repository's retention pass between <see cref="RetentionRunner.PlanAsync"/> and
/// <see cref="RetentionRunner.Complete"/>: the plan, the deletions still to do, and the deletions refused so far. A real
/// pass may be carried out over several calls of <see cref="RetentionRunner.DeleteNextAsync"/>.
/// </summary>
public sealed class RetentionPass
{
    internal RetentionPass(string repository, RetentionRepositoryRequest request, int ruleCount, RetentionPlan plan)
    {
        Repository = repository;
        Request = request;
        RuleCount = ruleCount;
        Plan = plan;
        Queue = new RetentionDeletionQueue(request.DryRun ? [] : RetentionWaves.Of(plan.Deletions));
    }

    public string Repository { get; }

    public RetentionRepositoryRequest Request { get; }

    public long ExecutionId => Request.ExecutionId;

    public RetentionPlan Plan { get; }

    /// <summary>True once every deletion was tried (at once for a dry run, which deletes nothing).</summary>
    public bool IsComplete => Queue.IsEmpty;

    /// <summary>Deletions not tried yet.</summary>
    public int Remaining => Queue.Remaining;

    internal int RuleCount { get; }

    internal RetentionDeletionQueue Queue { get; }

    /// <summary>Candidate keys whose deletion did not happen, with why.</summary>
    internal Dictionary<string, string> Refused { get; } = new(StringComparer.Ordinal);

    /// <summary>Artifacts whose deletion failed: what is anchored to them is not deleted either.</summary>
    internal HashSet<string> FailedArtifacts { get; } = new(StringComparer.Ordinal);
}
