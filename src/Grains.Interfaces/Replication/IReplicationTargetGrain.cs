using Orleans.Concurrency;

namespace ArtifactKeeper.Replication;

/// <summary>
/// The transfer queue of one remote registry (key: its endpoint id; the destination of push-based routes, the source
/// of pull-based ones). Its queue is the tasks stored for it; it runs a bounded number at once, off its turn, retries
/// transient failures with backoff and reports each task's end to its execution. Any call wakes it on some silo, and
/// a new activation first takes back tasks a lost one had claimed.
/// </summary>
[Alias("replication.target")]
public interface IReplicationTargetGrain : IGrainWithIntegerKey
{
    /// <summary>Looks at the queue now: starts due tasks while there is room.</summary>
    [Alias("poke")]
    Task PokeAsync();

    /// <summary>Cancels the running tasks of the execution (its queued ones were stopped in the store).</summary>
    [Alias("stop-execution")]
    Task StopExecutionAsync(long executionId);

    /// <summary>Bytes sent so far by each running task.</summary>
    [Alias("progress")]
    [AlwaysInterleave]
    Task<IReadOnlyList<ReplicationTaskProgress>> GetProgressAsync();
}

/// <summary>How far a running task got.</summary>
[GenerateSerializer, Immutable]
[Alias("replication.task-progress")]
public sealed record ReplicationTaskProgress([property: Id(0)] long TaskId, [property: Id(1)] long ExecutionId, [property: Id(2)] long BytesSent);
