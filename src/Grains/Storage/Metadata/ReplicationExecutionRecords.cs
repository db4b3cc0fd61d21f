using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// A stored replication execution. <see cref="Status"/> and <see cref="Trigger"/> are Harbor's API words
/// (<see cref="ReplicationStatuses"/>, <see cref="ReplicationTriggers"/>); <see cref="Tasks"/> is counted from its tasks.
/// </summary>
public sealed record ReplicationExecutionRecord(
    long Id,
    long PolicyId,
    string Trigger,
    ReplicationRoute Route,
    string Status,
    string StatusText,
    bool PlanningEnded,
    string? PlanningError,
    ReplicationTaskCounts Tasks,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime);

/// <summary>An execution's tasks by status as Harbor counts them: <see cref="InProgress"/> includes Pending ones.</summary>
public sealed record ReplicationTaskCounts(int Total, int Succeed, int Failed, int InProgress, int Stopped)
{
    public static ReplicationTaskCounts None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>A stored task: what it transfers, where it is queued (<see cref="TargetKey"/>) and how far it got.</summary>
public sealed record ReplicationTaskRecord(
    long Id,
    long ExecutionId,
    long TargetKey,
    ReplicationItem Item,
    string Status,
    int Attempts,
    DateTimeOffset DueAt,
    long BytesSent,
    DateTimeOffset CreationTime,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime);

/// <summary>Filters of <c>GET /replication/executions</c>; null matches anything.</summary>
public sealed record ReplicationExecutionFilter(long? PolicyId, string? Status, string? Trigger)
{
    public static ReplicationExecutionFilter All { get; } = new(null, null, null);
}
