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
}

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
}
