using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>
/// One execution. Its tasks are rows in the store, queued on the route's target; this grain adds them, wakes the
/// target, and decides the end from the stored counts whenever a task or the planning ends, so it keeps no state of
/// its own and any activation (after a silo loss too) decides the same.
/// </summary>
[GrainType("replication-execution")]
public sealed partial class ReplicationExecutionGrain(
    IReplicationExecutionMetadata store, TimeProvider clock, ILogger<ReplicationExecutionGrain> logger) : Grain, IReplicationExecutionGrain
{
    private long Id => this.GetPrimaryKeyLong();

    public async Task AddTasksAsync(IReadOnlyList<ReplicationItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0 || await store.GetReplicationExecutionAsync(Id, CancellationToken.None) is not { } execution)
        {
            return;
        }

        var target = ReplicationTargets.KeyOf(execution.Route);
        if (await store.AddReplicationTasksAsync(Id, target, items, clock.GetUtcNow(), CancellationToken.None) > 0)
        {
            await PokeAsync(target);
        }
    }

    public async Task EndPlanningAsync(string? error)
    {
        if (error is not null)
        {
            LogPlanningFailed(Id, error);
        }

        await store.EndReplicationPlanningAsync(Id, error, CancellationToken.None);
        await CompleteIfDoneAsync();
    }

    public async Task<bool> StopAsync()
    {
        if (await store.GetReplicationExecutionAsync(Id, CancellationToken.None) is not { } execution ||
            !await store.StopReplicationExecutionAsync(Id, clock.GetUtcNow(), CancellationToken.None))
        {
            return false;
        }

        // Queued tasks were stopped with the execution; the running ones stop through the copier's cancellation.
        var target = ReplicationTargets.KeyOf(execution.Route);
        try
        {
            await Target(target).StopExecutionAsync(Id);
        }
        catch (Exception e)
        {
            // A target that cannot be reached runs nothing; what it held is taken back, and finds the execution stopped.
            LogPokeFailed(e, target, Id);
        }

        return true;
    }

    public Task TaskEndedAsync(long taskId) => CompleteIfDoneAsync();

    public async Task<int> RetryAsync(long? taskId)
    {
        if (await store.GetReplicationExecutionAsync(Id, CancellationToken.None) is not { } execution)
        {
            return 0;
        }

        var retried = await store.RetryReplicationTasksAsync(Id, taskId, clock.GetUtcNow(), CancellationToken.None);
        if (retried > 0)
        {
            await PokeAsync(ReplicationTargets.KeyOf(execution.Route));
        }

        return retried;
    }

    private async Task CompleteIfDoneAsync()
    {
        var execution = await store.GetReplicationExecutionAsync(Id, CancellationToken.None);
        if (execution is not { Status: ReplicationStatuses.InProgress, PlanningEnded: true } || execution.Tasks.InProgress > 0)
        {
            return;
        }

        var (status, text) = ReplicationExecutionOutcome.Of(execution.Tasks, execution.PlanningError);
        if (await store.FinishReplicationExecutionAsync(Id, status, text, clock.GetUtcNow(), CancellationToken.None))
        {
            LogEnded(Id, status, execution.Tasks.Succeed, execution.Tasks.Failed, execution.Tasks.Total);
        }
    }

    /// <summary>Wakes the target; the tasks are stored, so if it cannot be woken now the resumer does it later.</summary>
    private async Task PokeAsync(long target)
    {
        try
        {
            await Target(target).PokeAsync();
        }
        catch (Exception e)
        {
            LogPokeFailed(e, target, Id);
        }
    }

    private IReplicationTargetGrain Target(long key) => GrainFactory.GetGrain<IReplicationTargetGrain>(key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replication target {Target} was not woken for execution {ExecutionId}; the resumer will")]
    private partial void LogPokeFailed(Exception exception, long target, long executionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replication execution {ExecutionId} could not choose all its artifacts: {Error}")]
    private partial void LogPlanningFailed(long executionId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replication execution {ExecutionId} ended {Status}: {Succeed} of {Total} tasks succeeded, {Failed} failed")]
    private partial void LogEnded(long executionId, string status, int succeed, int failed, int total);
}
