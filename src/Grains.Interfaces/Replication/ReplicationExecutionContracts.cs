namespace ArtifactKeeper.Replication;

/// <summary>Harbor's statuses of executions and tasks.</summary>
public static class ReplicationStatuses
{
    public const string Pending = "Pending";
    public const string InProgress = "InProgress";
    public const string Succeed = "Succeed";
    public const string Failed = "Failed";
    public const string Stopped = "Stopped";
}

/// <summary>What a task does at the destination.</summary>
public enum ReplicationOperation
{
    Copy = 0,
    Delete,
}

/// <summary>
/// Where an execution's tasks go and how: a registry endpoint id for each side, null for this registry (push-based
/// policies have a null source, pull-based ones a null destination); the policy's <c>override</c>, <c>speed</c>
/// (KiB/s per task, 0 or less for unlimited) and <c>copy_by_chunk</c>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("replication.route")]
public sealed record ReplicationRoute(
    [property: Id(0)] long? SourceRegistryId,
    [property: Id(1)] long? DestinationRegistryId,
    [property: Id(2)] bool Override,
    [property: Id(3)] int SpeedKibPerSecond,
    [property: Id(4)] bool CopyByChunk);

/// <summary>
/// One task: an artifact (manifest <see cref="Digest"/>, with the <see cref="Tags"/> that chose it) to copy from
/// <see cref="SourceRepository"/> to <see cref="DestinationRepository"/>, or to delete there.
/// <see cref="ResourceType"/> is Harbor's <c>image</c> or <c>artifact</c>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("replication.item")]
public sealed record ReplicationItem(
    [property: Id(0)] ReplicationOperation Operation,
    [property: Id(1)] string ResourceType,
    [property: Id(2)] string SourceRepository,
    [property: Id(3)] string Digest,
    [property: Id(4)] IReadOnlyList<string> Tags,
    [property: Id(5)] string DestinationRepository);

/// <summary>
/// One execution (key: its id, made by the store when the policy starts it). The policy adds tasks as it chooses
/// artifacts, then ends planning; the execution queues them on the transfer target of the remote side, tracks them and
/// ends when all have.
/// </summary>
[Alias("replication.execution")]
public interface IReplicationExecutionGrain : IGrainWithIntegerKey
{
    /// <summary>Adds tasks and queues them; ignored once the execution was stopped.</summary>
    [Alias("add-tasks")]
    Task AddTasksAsync(IReadOnlyList<ReplicationItem> items);

    /// <summary>
    /// No more tasks come. With <paramref name="error"/> the execution fails with that message once its queued tasks
    /// have ended; with no tasks at all it ends at once.
    /// </summary>
    [Alias("end-planning")]
    Task EndPlanningAsync(string? error);

    /// <summary>Stops queued and running tasks; false when the execution had already ended.</summary>
    [Alias("stop")]
    Task<bool> StopAsync();

    /// <summary>A task of this execution ended (called by its target); the execution ends once all have and planning has.</summary>
    [Alias("task-ended")]
    Task TaskEndedAsync(long taskId);

    /// <summary>
    /// Queues the Failed tasks again (all, or only <paramref name="taskId"/>) and makes the execution InProgress again;
    /// answers how many tasks were requeued.
    /// </summary>
    [Alias("retry")]
    Task<int> RetryAsync(long? taskId);
}
