using System.Globalization;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// Starts a policy's executions. The policy is read from the store on every start (the API writes it there), so the
/// grain keeps no state of its own but which executions this activation is planning. A start answers once the
/// execution's row exists; choosing the artifacts goes on off the grain's turn (on the thread pool, as GC and scans
/// run) and hands them to the execution in batches, then ends its planning, with the error when the plan failed.
/// Planning lost with its silo is resumed (see <see cref="ResumePlanningAsync"/>): this grain has one activation, so an
/// execution it is not planning has no planner anywhere. An execution runs the policy as it was at its start: the store
/// keeps a copy with the execution, which a resumed planning follows (the tasks follow the route stored with it), and
/// starts nothing for a policy deleted since this grain read it.
/// </summary>
[GrainType("replication-policy")]
public sealed class ReplicationPolicyGrain(
    IReplicationPolicyMetadata policies,
    IReplicationExecutionMetadata executions,
    IRepositoryMetadata repositories,
    IArtifactLabelMetadata labels,
    ReplicationSourceFactory sources,
    TimeProvider clock,
    ILogger<ReplicationPolicyGrain> logger) : Grain, IReplicationPolicyGrain
{
    private const int QueuedPageSize = 500;

    /// <summary>How long an activation stays while it plans; planning longer than this keeps going regardless.</summary>
    private static readonly TimeSpan PlanningHold = TimeSpan.FromHours(6);

    // Executions this activation is choosing artifacts for; one that is not here, with its planning unfinished, lost its planner.
    private readonly HashSet<long> _planning = [];

    public async Task<ReplicationStartResult> StartAsync(string trigger, string? requestedBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        var (policy, refusal) = await LoadStartableAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        if (policy!.SingleActiveReplication && await executions.HasActiveReplicationExecutionAsync(policy.Id, CancellationToken.None))
        {
            return new ReplicationStartResult(ReplicationStartOutcome.AlreadyRunning, 0);
        }

        if (await executions.StartReplicationExecutionAsync(policy, trigger, clock.GetUtcNow(), CancellationToken.None) is not { } executionId)
        {
            // Deleted since it was read: the store starts nothing for a policy that is gone.
            return new ReplicationStartResult(ReplicationStartOutcome.PolicyNotFound, 0);
        }

        logger.LogInformation(
            "Replication policy {PolicyId} started execution {ExecutionId} ({Trigger}, requested by {RequestedBy})", policy.Id, executionId, trigger, requestedBy ?? "-");
        BeginPlanning(policy, executionId, resumed: false);
        return new ReplicationStartResult(ReplicationStartOutcome.Started, executionId);
    }

    public async Task ResumePlanningAsync(long executionId)
    {
        if (_planning.Contains(executionId) ||
            await executions.GetReplicationExecutionAsync(executionId, CancellationToken.None) is not { Status: ReplicationStatuses.InProgress, PlanningEnded: false } execution ||
            _planning.Contains(executionId))
        {
            return;
        }

        var grain = GrainFactory.GetGrain<IReplicationExecutionGrain>(executionId);
        if (execution.Trigger == ReplicationTriggers.EventBased)
        {
            // Its one artifact is queued before its planning ends, in the same call: queued means the plan was complete.
            logger.LogWarning("Replication execution {ExecutionId} of an event lost its planner; ending its planning", executionId);
            await grain.EndPlanningAsync(execution.Tasks.Total > 0 ? null : "planning was interrupted (its silo was lost) before the artifact of the event was queued");
            return;
        }

        if (!TryParseId(out var policyId) || policyId != execution.PolicyId ||
            await PolicyOfAsync(executionId, policyId) is not { } policy)
        {
            await grain.EndPlanningAsync("planning was interrupted (its silo was lost) and the policy no longer exists to plan it again");
            return;
        }

        // The artifacts the policy chose at the start, less those already queued, go to the execution's route.
        logger.LogWarning("Replication execution {ExecutionId} of policy {PolicyId} lost its planner with its silo; planning it again", executionId, policyId);
        BeginPlanning(policy, executionId, resumed: true);
    }

    /// <summary>
    /// The policy as the execution started with it; for an execution stored before copies were kept, the policy as it is now.
    /// </summary>
    private async Task<ReplicationPolicy?> PolicyOfAsync(long executionId, long policyId)
    {
        if (await executions.GetReplicationExecutionPolicyAsync(executionId, CancellationToken.None) is { } started)
        {
            return started;
        }

        logger.LogWarning("Replication execution {ExecutionId} has no copy of its policy {PolicyId}; planning it with the policy as stored now", executionId, policyId);
        return await policies.GetReplicationPolicyAsync(policyId, CancellationToken.None);
    }

    private void BeginPlanning(ReplicationPolicy policy, long executionId, bool resumed)
    {
        _planning.Add(executionId);
        DelayDeactivation(PlanningHold);
        _ = PlanAsync(policy, executionId, resumed);
    }

    private bool TryParseId(out long id) =>
        long.TryParse(this.GetPrimaryKeyString(), NumberStyles.None, CultureInfo.InvariantCulture, out id);

    public async Task FireAsync(string parameters, DateTimeOffset dueAt)
    {
        var started = await StartAsync(ReplicationTriggers.Scheduled, null);
        if (started.Outcome != ReplicationStartOutcome.Started)
        {
            logger.LogInformation("Scheduled replication of policy {PolicyKey} due at {DueAt} skipped: {Outcome}", this.GetPrimaryKeyString(), dueAt, started.Outcome);
        }
    }

    public async Task<ReplicationStartResult> OnArtifactEventAsync(ReplicationArtifactEvent artifactEvent)
    {
        ArgumentNullException.ThrowIfNull(artifactEvent);
        var (policy, refusal) = await LoadStartableAsync();
        if (refusal is not null)
        {
            return refusal;
        }

        if (policy!.Trigger.Type != ReplicationTriggers.EventBased || !policy.IsPushBased)
        {
            return NotSelected;
        }

        var (attached, isImage) = await DescribeAsync(artifactEvent);
        ReplicationItem? item;
        try
        {
            item = ReplicationPlanner.ForEvent(policy, artifactEvent, attached, isImage);
        }
        catch (ReplicationPlanningException e)
        {
            logger.LogWarning("Replication policy {PolicyId} cannot judge an event of {Repository}: {Reason}", policy.Id, artifactEvent.Repository, e.Message);
            return NotSelected;
        }

        if (item is null)
        {
            return NotSelected;
        }

        if (await executions.StartReplicationExecutionAsync(policy, ReplicationTriggers.EventBased, clock.GetUtcNow(), CancellationToken.None) is not { } executionId)
        {
            return new ReplicationStartResult(ReplicationStartOutcome.PolicyNotFound, 0);
        }

        var execution = GrainFactory.GetGrain<IReplicationExecutionGrain>(executionId);
        _planning.Add(executionId);
        try
        {
            await execution.AddTasksAsync([item]);
            await execution.EndPlanningAsync(null);
        }
        finally
        {
            _planning.Remove(executionId);
        }
        logger.LogInformation(
            "Replication policy {PolicyId} started execution {ExecutionId} for {Operation} of {Repository}@{Digest}",
            policy.Id, executionId, item.Operation, item.SourceRepository, item.Digest);
        return new ReplicationStartResult(ReplicationStartOutcome.Started, executionId);
    }

    private static ReplicationStartResult NotSelected { get; } = new(ReplicationStartOutcome.NotSelected, 0);

    private async Task<(ReplicationPolicy? Policy, ReplicationStartResult? Refusal)> LoadStartableAsync()
    {
        if (!TryParseId(out var id) ||
            await policies.GetReplicationPolicyAsync(id, CancellationToken.None) is not { } policy)
        {
            return (null, new ReplicationStartResult(ReplicationStartOutcome.PolicyNotFound, 0));
        }

        return policy.Enabled ? (policy, null) : (null, new ReplicationStartResult(ReplicationStartOutcome.PolicyDisabled, 0));
    }

    /// <summary>A pushed artifact's labels and whether it is an image; a deleted one's are gone (none, and an image).</summary>
    private async Task<(IReadOnlyList<string> Labels, bool IsImage)> DescribeAsync(ReplicationArtifactEvent artifactEvent)
    {
        if (artifactEvent.Kind != ReplicationEventKind.Pushed)
        {
            return ([], true);
        }

        var snapshot = await repositories.LoadRepositoryAsync(artifactEvent.Repository, CancellationToken.None);
        var manifest = snapshot.Manifests.FirstOrDefault(m => m.Digest == artifactEvent.Digest);
        var attached = await labels.ListArtifactLabelsAsync(artifactEvent.Repository, [artifactEvent.Digest], CancellationToken.None);
        var names = attached.TryGetValue(artifactEvent.Digest, out var found) ? found.Select(l => l.Name).ToList() : [];
        return (names, manifest is null || LocalReplicationSource.IsImage(manifest));
    }

    private async Task PlanAsync(ReplicationPolicy policy, long executionId, bool resumed)
    {
        var execution = GrainFactory.GetGrain<IReplicationExecutionGrain>(executionId);
        string? error = null;
        try
        {
            // Listing runs on the thread pool: its store reads and grain calls never hold this grain's turn.
            var count = await Task.Run(
                async () =>
                {
                    var addTasks = resumed ? await QueuedOnceAsync(executionId, execution.AddTasksAsync) : execution.AddTasksAsync;
                    var source = await sources.OpenAsync(policy, CancellationToken.None);
                    return await ReplicationPlanner.PlanAsync(policy, source, addTasks, CancellationToken.None);
                },
                CancellationToken.None);
            logger.LogInformation("Replication execution {ExecutionId} of policy {PolicyId} planned {Count} tasks", executionId, policy.Id, count);
        }
        catch (ReplicationPlanningException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Planning replication execution {ExecutionId} of policy {PolicyId} failed", executionId, policy.Id);
            error = $"listing the artifacts to replicate failed: {e.Message}";
        }

        try
        {
            await execution.EndPlanningAsync(error);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Replication execution {ExecutionId} did not take the end of its planning", executionId);
        }
        finally
        {
            // Not planning any more; were the end not stored, the resumer finds the planning unfinished and plans again.
            _planning.Remove(executionId);
        }
    }

    /// <summary>Wraps <paramref name="addTasks"/> so that artifacts the execution already has (from a lost planner) are not queued twice.</summary>
    private async Task<Func<IReadOnlyList<ReplicationItem>, Task>> QueuedOnceAsync(long executionId, Func<IReadOnlyList<ReplicationItem>, Task> addTasks)
    {
        var queued = new HashSet<(ReplicationOperation, string, string, string)>();
        for (var page = 1; ; page++)
        {
            var tasks = await executions.ListReplicationTasksAsync(executionId, null, null, page, QueuedPageSize, CancellationToken.None);
            queued.UnionWith(tasks.Items.Select(t => Key(t.Item)));
            if (tasks.Items.Count < QueuedPageSize)
            {
                break;
            }
        }

        return async batch =>
        {
            var fresh = batch.Where(item => queued.Add(Key(item))).ToList();
            if (fresh.Count > 0)
            {
                await addTasks(fresh);
            }
        };

        static (ReplicationOperation, string, string, string) Key(ReplicationItem item) =>
            (item.Operation, item.SourceRepository, item.Digest, item.DestinationRepository);
    }
}
