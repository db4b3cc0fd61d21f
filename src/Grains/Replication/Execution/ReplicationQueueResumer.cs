using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>
/// Keeps transfer queues moving across restarts and silo losses: once the host has started, and then every
/// <see cref="ReplicationOptions.ResumeInterval"/>, wakes every target with Pending or InProgress tasks. A target whose
/// silo is gone activates elsewhere on the call and takes back the tasks it had claimed; a live one just pumps. Also
/// settles executions whose tasks have all ended without the last end reaching them.
/// </summary>
public sealed partial class ReplicationQueueResumer(
    IGrainFactory grains,
    IReplicationExecutionMetadata store,
    IOptions<ReplicationOptions> options,
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle replication executions whose tasks have all ended")]
    private partial void LogSettleFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the replication targets with queued tasks")]
    private partial void LogListFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake replication target {Target}")]
    private partial void LogPokeFailed(Exception exception, long target);
}
