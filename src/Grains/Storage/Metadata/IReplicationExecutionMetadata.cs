using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Replication executions and their tasks (Harbor's <c>execution</c> and <c>task</c> of vendor REPLICATION). Tasks are
/// also the transfer queue of their target (the remote registry of the route): a target claims its due Pending tasks,
/// so the queue survives the silo that ran it. Executions are written by the execution grain, tasks by the target grain.
/// </summary>
public interface IReplicationExecutionMetadata
{
    /// <summary>The most of a task's log that is kept: older lines go first once it is reached.</summary>
    public const int TaskLogLimit = 64 * 1024;

    /// <summary>
    /// Stores a new execution, InProgress from <paramref name="at"/>, and returns its id, without checking the policy
    /// nor keeping a copy of it (executions of a policy start with <see cref="StartReplicationExecutionAsync"/>).
    /// </summary>
    Task<long> CreateReplicationExecutionAsync(long policyId, string trigger, ReplicationRoute route, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new execution of <paramref name="policy"/>, InProgress from <paramref name="at"/>, with its route and a copy
    /// of the whole policy as given (<see cref="GetReplicationExecutionPolicyAsync"/>), and returns its id; only while the
    /// policy is stored: once it is deleted the answer is null and nothing is stored. Atomic with
    /// <see cref="IReplicationPolicyMetadata.DeleteReplicationPolicyAsync"/>: the delete either sees this execution
    /// (and is refused as running) or happened first, so an execution never outlives its policy.
    /// </summary>
    Task<long?> StartReplicationExecutionAsync(ReplicationPolicy policy, string trigger, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// The policy as it was when the execution started (<see cref="StartReplicationExecutionAsync"/>); null when there is
    /// no such execution or it was stored without a copy (by <see cref="CreateReplicationExecutionAsync"/>, or before one was kept).
    /// </summary>
    Task<ReplicationPolicy?> GetReplicationExecutionPolicyAsync(long executionId, CancellationToken cancellationToken);

    /// <summary>True while an execution of the policy has not ended (for <c>single_active_replication</c>).</summary>
    Task<bool> HasActiveReplicationExecutionAsync(long policyId, CancellationToken cancellationToken);

    /// <summary>The execution with its task counts, or null.</summary>
    Task<ReplicationExecutionRecord?> GetReplicationExecutionAsync(long id, CancellationToken cancellationToken);

    /// <summary>Executions matching <paramref name="filter"/>, newest first, one page (1-based), and the total.</summary>
    Task<ListPage<ReplicationExecutionRecord>> ListReplicationExecutionsAsync(
        ReplicationExecutionFilter filter, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Stores Pending tasks of the execution, queued on <paramref name="targetKey"/> and due at once; nothing when the
    /// execution is missing or no longer InProgress (then the answer is 0). Answers how many it stored.
    /// </summary>
    Task<int> AddReplicationTasksAsync(
        long executionId, long targetKey, IReadOnlyList<ReplicationItem> items, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that no more tasks come, with the planning error if any; false when there is no such execution.</summary>
    Task<bool> EndReplicationPlanningAsync(long executionId, string? error, CancellationToken cancellationToken);

    /// <summary>Ends an InProgress execution with a final status and text; false when it was missing or had ended.</summary>
    Task<bool> FinishReplicationExecutionAsync(long id, string status, string statusText, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Stops an InProgress execution: its Pending tasks become Stopped and it ends Stopped, in one transaction
    /// (running tasks are the target's to cancel). False when it was missing or had ended.
    /// </summary>
    Task<bool> StopReplicationExecutionAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Puts Failed tasks of the execution (all, or only <paramref name="taskId"/>) back in the queue: Pending, due at
    /// once, attempts zero; the execution is InProgress again. Answers how many tasks it requeued.
    /// </summary>
    Task<int> RetryReplicationTasksAsync(long executionId, long? taskId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<ReplicationTaskRecord?> GetReplicationTaskAsync(long id, CancellationToken cancellationToken);

    /// <summary>The task's log, or null when there is no such task.</summary>
    Task<string?> GetReplicationTaskLogAsync(long id, CancellationToken cancellationToken);

    /// <summary>The execution's tasks in id order, filtered by status and resource type, one page (1-based), and the total.</summary>
    Task<ListPage<ReplicationTaskRecord>> ListReplicationTasksAsync(
        long executionId, string? status, string? resourceType, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> Pending tasks of the target due by <paramref name="now"/>, oldest due first:
    /// they become InProgress, owned by <paramref name="owner"/>. A task is claimed by one owner only, even across silos.
    /// </summary>
    Task<IReadOnlyList<ReplicationTaskRecord>> ClaimReplicationTasksAsync(
        long targetKey, string owner, int limit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>When the target's earliest Pending task falls due, or null when it has none.</summary>
    Task<DateTimeOffset?> NextReplicationTaskDueAsync(long targetKey, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the target's InProgress tasks claimed by anyone but <paramref name="owner"/> (an activation that is gone)
    /// to the queue, due at once, with <paramref name="logLine"/> appended. Answers how many.
    /// </summary>
    Task<int> ReleaseOrphanedReplicationTasksAsync(long targetKey, string owner, string logLine, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a task <paramref name="owner"/> holds back in the queue for another attempt at <paramref name="dueAt"/>,
    /// appending <paramref name="log"/>; false when the owner no longer holds it.
    /// </summary>
    Task<bool> RescheduleReplicationTaskAsync(
        long id, string owner, int attempts, DateTimeOffset dueAt, long bytesSent, string log, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a task <paramref name="owner"/> holds with a final status, appending <paramref name="log"/>; false when the
    /// owner no longer holds it.
    /// </summary>
    Task<bool> FinishReplicationTaskAsync(
        long id, string owner, string status, int attempts, long bytesSent, string log, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Targets that have Pending or InProgress tasks (for resuming queues after a silo is lost).</summary>
    Task<IReadOnlyList<long>> ListReplicationTargetsWithWorkAsync(CancellationToken cancellationToken);

    /// <summary>
    /// InProgress executions whose planning has ended and whose tasks all have: they should have ended too (a task's
    /// end was not reported, e.g. its silo was lost in between).
    /// </summary>
    Task<IReadOnlyList<long>> ListUnsettledReplicationExecutionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// InProgress executions whose planning has not ended, oldest first: each is being planned, or its planner was lost
    /// with its silo (the policy grain tells which).
    /// </summary>
    Task<IReadOnlyList<long>> ListUnplannedReplicationExecutionsAsync(CancellationToken cancellationToken);
}
