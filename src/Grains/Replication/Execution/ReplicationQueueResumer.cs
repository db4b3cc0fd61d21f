using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>
/// Keeps transfer queues moving across restarts and silo losses: once the host has started, and then every
/// <see cref="ReplicationOptions.ResumeInterval"/>, wakes every target with Pending or InProgress tasks. A target whose
/// silo is gone activates elsewhere on the call and takes back the tasks it had claimed; a live one just pumps. Also
/// settles executions whose tasks have all ended without the last end reaching them, and hands executions whose
/// planning never ended to their policy grain, which plans again those whose planner was lost.
/// </summary>
public sealed partial class ReplicationQueueResumer(
    IGrainFactory grains,
    IReplicationExecutionMetadata store,
    IOptions<ReplicationOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ReplicationQueueResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await ResumeAllAsync(stoppingToken);
            await SettleAllAsync(stoppingToken);
            await ResumePlanningAsync(stoppingToken);
            await Task.Delay(options.Value.ResumeInterval, stoppingToken);
        }
    }

    private async Task ResumeAllAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<long> targets;
        try
        {
            targets = await store.ListReplicationTargetsWithWorkAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogListFailed(e);
            return;
        }

        foreach (var target in targets)
        {
            try
            {
                await grains.GetGrain<IReplicationTargetGrain>(target).PokeAsync().WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPokeFailed(e, target);
            }
        }
    }

    private async Task SettleAllAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var execution in await store.ListUnsettledReplicationExecutionsAsync(stoppingToken))
            {
                await grains.GetGrain<IReplicationExecutionGrain>(execution).TaskEndedAsync(0).WaitAsync(stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSettleFailed(e);
        }
    }

    private async Task ResumePlanningAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var id in await store.ListUnplannedReplicationExecutionsAsync(stoppingToken))
            {
                if (await store.GetReplicationExecutionAsync(id, stoppingToken) is { } execution &&
                    clock.GetUtcNow() - execution.StartTime >= options.Value.PlanningCheckAfter)
                {
                    var policy = execution.PolicyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await grains.GetGrain<IReplicationPolicyGrain>(policy).ResumePlanningAsync(id).WaitAsync(stoppingToken);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogResumePlanningFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resume the planning of replication executions whose planner was lost")]
    private partial void LogResumePlanningFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle replication executions whose tasks have all ended")]
    private partial void LogSettleFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the replication targets with queued tasks")]
    private partial void LogListFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake replication target {Target}")]
    private partial void LogPokeFailed(Exception exception, long target);
}
