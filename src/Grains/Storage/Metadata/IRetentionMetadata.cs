using ArtifactKeeper.Retention;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Tag retention: policies (one per project at most; they go with the project), their executions and the task of
/// each execution per repository with its log. Policies are written by the project grain (create, delete) and the
/// retention policy grain (update); executions and tasks by the retention policy grain.
/// </summary>
public interface IRetentionMetadata
{
    Task<RetentionPolicy?> GetRetentionPolicyAsync(long id, CancellationToken cancellationToken);

    /// <summary>The policy of project <paramref name="projectId"/>, or null.</summary>
    Task<RetentionPolicy?> FindRetentionPolicyOfProjectAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new policy (its id is ignored) and answers it with its id; null when its project does not exist or
    /// already has a policy.
    /// </summary>
    Task<RetentionPolicy?> TryCreateRetentionPolicyAsync(RetentionPolicy policy, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces algorithm, rules and trigger of policy <see cref="RetentionPolicy.Id"/>; null when there is none.</summary>
    Task<RetentionPolicy?> UpdateRetentionPolicyAsync(RetentionPolicy policy, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the policy with its executions and tasks; false when there was none.</summary>
    Task<bool> DeleteRetentionPolicyAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records a new execution of the policy, status Running.</summary>
    Task<RetentionExecution> CreateRetentionExecutionAsync(long policyId, string trigger, bool dryRun, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sets the execution's status and, for a final status, its end time; false when there is no such execution.</summary>
    Task<bool> UpdateRetentionExecutionAsync(long id, string status, DateTimeOffset at, CancellationToken cancellationToken);

    Task<RetentionExecution?> GetRetentionExecutionAsync(long id, CancellationToken cancellationToken);

    /// <summary>The policy's executions newest first, one page (1-based), and the total.</summary>
    Task<ListPage<RetentionExecution>> ListRetentionExecutionsAsync(long policyId, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the policy's executions and tasks left Pending or Running (by a process that died) as Error, appending
    /// <paramref name="reason"/> to the tasks' logs; answers how many executions it changed.
    /// </summary>
    Task<int> FailUnfinishedRetentionExecutionsAsync(long policyId, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records a task of the execution for one repository, status Running, totals zero and an empty log.</summary>
    Task<RetentionTask> CreateRetentionTaskAsync(long executionId, string repository, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Stores the task's final status, totals and log; false when there is no such task.</summary>
    Task<bool> FinishRetentionTaskAsync(long id, string status, int total, int retained, string log, DateTimeOffset at, CancellationToken cancellationToken);

    Task<RetentionTask?> GetRetentionTaskAsync(long id, CancellationToken cancellationToken);

    /// <summary>The task's log, or null when there is no such task.</summary>
    Task<string?> GetRetentionTaskLogAsync(long id, CancellationToken cancellationToken);

    /// <summary>The execution's tasks in id order, one page (1-based), and the total.</summary>
    Task<ListPage<RetentionTask>> ListRetentionTasksAsync(long executionId, int page, int pageSize, CancellationToken cancellationToken);
}
