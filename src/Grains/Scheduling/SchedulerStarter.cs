using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Scheduling;

/// <summary>
/// Embedded mode's durable trigger (and a quick start in cluster mode): once the host has started, and so the silo
/// with it, activates the scheduler singleton, which then fires what fell due while nothing ran and arms its timer.
/// There are no reminders without a reminder service, so without this the scheduler would wait for the first API
/// call. Retries until it succeeds or the host stops.
/// </summary>
public sealed partial class SchedulerStarter(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<SchedulerStarter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey).StartAsync().WaitAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStartFailed(ex, RetryDelay);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduler did not start; retrying in {Delay}")]
    private partial void LogStartFailed(Exception exception, TimeSpan delay);
}
