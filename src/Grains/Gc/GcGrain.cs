using System.Text.Json;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Gc;

/// <summary>
/// The collector singleton: starts at most one <see cref="GarbageCollector"/> pass at a time, off the grain's turn so
/// status queries and stop requests are answered while it runs, and keeps the run's row in the history current.
/// </summary>
[GrainType("gc")]
public sealed class GcGrain(
    IGcRunMetadata runs,
    GarbageCollector collector,
    TimeProvider clock,
    ILogger<GcGrain> logger) : Grain, IGcGrain
{
    private ActiveRun? _active;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Only this grain runs passes, one activation at a time: a run still open was left by a process that died.
        var failed = await runs.FailUnfinishedGcRunsAsync("The collector stopped (process restart) before this run finished.", clock.GetUtcNow(), cancellationToken);
        if (failed > 0)
        {
            logger.LogWarning("Marked {Count} unfinished GC runs as failed", failed);
        }
    }

    public async Task<GcStartResult> StartAsync(GcParameters parameters, string trigger)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrEmpty(trigger);
        if (_active is { } active)
        {
            return new GcStartResult(await runs.GetGcRunAsync(active.Run.Id, CancellationToken.None) ?? active.Run, AlreadyRunning: true);
        }

        var normalized = parameters with { Workers = Math.Clamp(parameters.Workers, GcParameters.MinWorkers, GcParameters.MaxWorkers) };
        var run = await runs.CreateGcRunAsync(trigger, normalized, clock.GetUtcNow(), CancellationToken.None);
        var stop = new CancellationTokenSource();
        _active = new ActiveRun(run, stop);
        DelayDeactivation(TimeSpan.FromDays(1));
        _ = ExecuteAsync(run, stop);
        logger.LogInformation("GC run {RunId} started ({Trigger}, dry run {DryRun}, delete untagged {DeleteUntagged})", run.Id, trigger, normalized.DryRun, normalized.DeleteUntagged);
        return new GcStartResult(run, AlreadyRunning: false);
    }

    public Task<bool> StopAsync(long runId)
    {
        if (_active is not { } active || active.Run.Id != runId)
        {
            return Task.FromResult(false);
        }

        active.Stop.Cancel();
        return Task.FromResult(true);
    }

    public async Task FireAsync(string parameters, DateTimeOffset dueAt)
    {
        var started = await StartAsync(ParseParameters(parameters), GcTriggers.Schedule);
        if (started.AlreadyRunning)
        {
            logger.LogInformation("Scheduled GC due at {DueAt} skipped: run {RunId} is still going", dueAt, started.Run.Id);
        }
    }

    private GcParameters ParseParameters(string json)
    {
        try
        {
            return string.IsNullOrWhiteSpace(json) ? GcParameters.Default : JsonSerializer.Deserialize<GcParameters>(json) ?? GcParameters.Default;
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Scheduled GC parameters are not valid JSON; running with the defaults");
            return GcParameters.Default;
        }
    }

    private async Task ExecuteAsync(GcRun run, CancellationTokenSource stop)
    {
        var journal = new GcJournal(clock);
        using var checkpoints = new SemaphoreSlim(1, 1);
        var figures = GcFigures.Zero;
        GcJobStatus status;
        try
        {
            await runs.UpdateGcRunAsync(run.Id, GcJobStatus.Running, figures, null, clock.GetUtcNow(), CancellationToken.None);

            // The pass runs on the thread pool: its grain calls and store queries never hold this grain's turn.
            figures = await Task.Run(
                () => collector.RunAsync(
                    run.Parameters,
                    journal,
                    async progress =>
                    {
                        // Workers report concurrently; one at a time keeps the log's pieces in order.
                        await checkpoints.WaitAsync(CancellationToken.None);
                        try
                        {
                            figures = progress;
                            await runs.UpdateGcRunAsync(run.Id, GcJobStatus.Running, progress, journal.TakePending(), clock.GetUtcNow(), CancellationToken.None);
                        }
                        finally
                        {
                            checkpoints.Release();
                        }
                    },
                    stop.Token),
                CancellationToken.None);
            status = GcJobStatus.Success;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            journal.Write("Stopped on request");
            status = GcJobStatus.Stopped;
        }
        catch (Exception e)
        {
            journal.Write($"Failed: {e.Message}");
            logger.LogError(e, "GC run {RunId} failed", run.Id);
            status = GcJobStatus.Error;
        }

        // The pass is over: a new run may start before this one's final record is written, so whoever sees that
        // record ended can start the next run at once.
        _active = null;
        try
        {
            await runs.UpdateGcRunAsync(run.Id, status, figures, journal.TakePending(), clock.GetUtcNow(), CancellationToken.None);
            logger.LogInformation(
                "GC run {RunId} ended {Status}: {BlobsDeleted} blobs, {ManifestsDeleted} manifests, {Bytes} bytes",
                run.Id, status, figures.BlobsDeleted, figures.ManifestsDeleted, figures.BytesReclaimed);
        }
        finally
        {
            stop.Dispose();
        }
    }

    private sealed record ActiveRun(GcRun Run, CancellationTokenSource Stop);
}
