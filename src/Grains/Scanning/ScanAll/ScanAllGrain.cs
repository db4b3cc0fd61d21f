using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Scanning.ScanAll;

/// <summary>
/// The scan-all singleton: at most one <see cref="ScanAllRunner"/> pass at a time, off the grain's turn so metrics and
/// stop requests are answered while it runs. A database change during a pass queues one more pass after it. Metrics
/// of the running pass and the last pass per trigger are kept in memory.
/// </summary>
[GrainType("scan-all")]
public sealed class ScanAllGrain(ScanAllRunner runner, TimeProvider clock, ILogger<ScanAllGrain> logger) : Grain, IScanAllGrain
{
    private readonly Dictionary<string, ScanAllMetrics> _last = new(StringComparer.Ordinal);
    private ActiveRun? _active;
    private ScanAllMetrics? _newest;
    private bool _rescanQueued;

    public Task<ScanAllStartResult> StartAsync(string trigger, string? requestedBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        if (_active is { } active)
        {
            _rescanQueued |= trigger == ScanAllTriggers.DatabaseUpdate;
            return Task.FromResult(new ScanAllStartResult(active.Metrics(null), AlreadyRunning: true));
        }

        var run = new ActiveRun(Guid.NewGuid().ToString(), trigger, requestedBy, clock.GetUtcNow(), new ScanAllProgress(), new CancellationTokenSource());
        _active = run;
        DelayDeactivation(TimeSpan.FromDays(1));
        _ = ExecuteAsync(run);
        logger.LogInformation("Scan-all {RunId} started ({Trigger})", run.Id, trigger);
        return Task.FromResult(new ScanAllStartResult(run.Metrics(null), AlreadyRunning: false));
    }

    public Task<bool> StopAsync()
    {
        if (_active is not { } active)
        {
            return Task.FromResult(false);
        }

        _rescanQueued = false;
        active.Stop.Cancel();
        return Task.FromResult(true);
    }

    public Task<ScanAllMetrics?> GetMetricsAsync(string? trigger)
    {
        if (_active is { } active && (trigger is null || active.Trigger == trigger))
        {
            return Task.FromResult<ScanAllMetrics?>(active.Metrics(null));
        }

        return Task.FromResult(trigger is null ? _newest : _last.GetValueOrDefault(trigger));
    }

    public async Task FireAsync(string parameters, DateTimeOffset dueAt)
    {
        var started = await StartAsync(ScanAllTriggers.Schedule, null);
        if (started.AlreadyRunning)
        {
            logger.LogInformation("Scheduled scan-all due at {DueAt} skipped: {RunId} is still going", dueAt, started.Run.RunId);
        }
    }

    private async Task ExecuteAsync(ActiveRun run)
    {
        try
        {
            // The pass runs on the thread pool: its store queries and grain calls never hold this grain's turn.
            await Task.Run(() => runner.RunAsync(run.Progress, run.RequestedBy, run.Trigger == ScanAllTriggers.DatabaseUpdate, run.Stop.Token), CancellationToken.None);
        }
        catch (OperationCanceledException) when (run.Stop.IsCancellationRequested)
        {
            logger.LogInformation("Scan-all {RunId} stopped on request", run.Id);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Scan-all {RunId} failed", run.Id);
        }

        var final = run.Metrics(clock.GetUtcNow());
        _last[run.Trigger] = final;
        _newest = final;
        _active = null;
        run.Stop.Dispose();
        logger.LogInformation("Scan-all {RunId} ended: {Completed} of {Total} artifacts", run.Id, final.Completed, final.Total);
        if (_rescanQueued)
        {
            _rescanQueued = false;
            await StartAsync(ScanAllTriggers.DatabaseUpdate, null);
        }
    }

    private sealed record ActiveRun(string Id, string Trigger, string? RequestedBy, DateTimeOffset StartedAt, ScanAllProgress Progress, CancellationTokenSource Stop)
    {
        public ScanAllMetrics Metrics(DateTimeOffset? endedAt)
        {
            var (total, completed, byStatus) = Progress.Snapshot();
            return new ScanAllMetrics(Id, Trigger, RequestedBy, endedAt is null, total, completed, byStatus, StartedAt, endedAt);
        }
    }
}
