using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Replication;

/// <summary>Harbor's trigger types of a replication policy, also the trigger recorded on an execution.</summary>
public static class ReplicationTriggers
{
    public const string Manual = "manual";
    public const string Scheduled = "scheduled";
    public const string EventBased = "event_based";
}

/// <summary>
/// One replication policy (key: the policy id). Starts executions by hand, on its cron schedule (job kind
/// <see cref="JobKind"/>, through the scheduler) and on push and delete events: it chooses the artifacts its filters
/// select, maps their names onto the destination and hands them to a new execution as tasks.
/// </summary>
[Alias("replication.policy")]
public interface IReplicationPolicyGrain : IScheduledJobGrain
{
    /// <summary>The scheduler's job kind for replication.</summary>
    public const string JobKind = "replication";

    /// <summary>
    /// Starts an execution with <paramref name="trigger"/> (<see cref="ReplicationTriggers"/>) and answers once its row
    /// exists; choosing the artifacts goes on in the background.
    /// </summary>
    [Alias("start")]
    Task<ReplicationStartResult> StartAsync(string trigger, string? requestedBy);

    /// <summary>
    /// One artifact event of this registry (added by the policies piece): when the policy is enabled, push-based, has
    /// the event trigger and its filters select the artifact, starts an execution (trigger event_based) with that one
    /// item: a copy for a push; for a delete, when the policy replicates deletions, a delete. Otherwise
    /// <see cref="ReplicationStartOutcome.NotSelected"/> (or not found / disabled).
    /// </summary>
    [Alias("on-artifact-event")]
    Task<ReplicationStartResult> OnArtifactEventAsync(ReplicationArtifactEvent artifactEvent);

    /// <summary>
    /// For an execution of this policy whose planning never ended: nothing while this activation is planning it;
    /// otherwise its planner was lost (with its silo), and the execution is planned again, adding only the artifacts
    /// not yet queued (an event's execution, which had its one artifact or none, has its planning ended instead).
    /// </summary>
    [Alias("resume-planning")]
    Task ResumePlanningAsync(long executionId);
}

/// <summary>What happened to an artifact of this registry, for event-based replication.</summary>
public enum ReplicationEventKind
{
    /// <summary>A manifest was pushed; <see cref="ReplicationArtifactEvent.Tags"/> holds the tag pushed with it, if any.</summary>
    Pushed = 0,

    /// <summary>An artifact (manifest) was deleted with all its tags, listed in <see cref="ReplicationArtifactEvent.Tags"/>.</summary>
    ArtifactDeleted,

    /// <summary>One tag was deleted; the artifact stays.</summary>
    TagDeleted,
}

/// <summary>One artifact event: the repository (<c>project/name</c>), the manifest digest and the tags concerned.</summary>
[GenerateSerializer, Immutable]
[Alias("replication.artifact-event")]
public sealed record ReplicationArtifactEvent(
    [property: Id(0)] ReplicationEventKind Kind,
    [property: Id(1)] string Repository,
    [property: Id(2)] string Digest,
    [property: Id(3)] IReadOnlyList<string> Tags);

/// <summary>What a start did; <see cref="ExecutionId"/> is set only when <see cref="Outcome"/> is Started.</summary>
[GenerateSerializer, Immutable]
[Alias("replication.start-result")]
public sealed record ReplicationStartResult([property: Id(0)] ReplicationStartOutcome Outcome, [property: Id(1)] long ExecutionId);

public enum ReplicationStartOutcome
{
    Started = 0,
    PolicyNotFound,
    PolicyDisabled,

    /// <summary>The policy has <c>single_active_replication</c> and an execution of it is still running.</summary>
    AlreadyRunning,

    /// <summary>An artifact event the policy does not replicate (not event-based, filtered out, deletion not replicated).</summary>
    NotSelected,
}
