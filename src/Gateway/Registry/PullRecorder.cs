using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Registry;

/// <summary>
/// Counts manifest pulls on this gateway (<see cref="PullCounter"/>) and adds them to the metadata store every
/// <see cref="PullRecordingOptions.FlushInterval"/> and once more on shutdown, each time as one batched write. A pull
/// costs an in-memory increment, never a database write; a failed write keeps its tallies for the next flush.
/// </summary>
public sealed partial class PullRecorder(IPullMetadata store, IOptions<PullRecordingOptions> options, TimeProvider clock, ILogger<PullRecorder> logger)
    : BackgroundService
{
    private readonly PullCounter _counter = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private volatile bool _disposed;

    public bool IsEnabled { get; } = options.Value.Enabled;

    /// <summary>Counts one manifest GET.</summary>
    public void Record(string repository, string digest)
    {
        if (IsEnabled)
        {
            _counter.Record(repository, digest, clock.GetUtcNow());
        }
    }

    /// <summary>
    /// Counts <paramref name="count"/> pulls that happened earlier, the latest at <paramref name="at"/>: pulls of a manifest
    /// served before it was stored (a proxy cache's cold miss), counted once the store has it.
    /// </summary>
    public void Record(string repository, string digest, long count, DateTimeOffset at)
    {
        if (IsEnabled)
        {
            _counter.Add(repository, digest, count, at);
        }
    }

    /// <summary>Writes every pull counted so far in one batched write (none when nothing was counted).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken);
        try
        {
            var tallies = _counter.Drain();
            if (tallies.Count == 0)
            {
                return;
            }

            try
            {
                await store.RecordPullsAsync(tallies, cancellationToken);
            }
            catch (Exception ex)
            {
                _counter.Restore(tallies);
                LogFlushFailed(logger, ex, tallies.Count);
                if (ex is OperationCanceledException)
                {
                    throw;
                }
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.FlushInterval, clock, stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the final flush follows in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A host stopped twice (a test host stopped, then disposed) may call this after Dispose; what there was
        // to write went out on the first stop.
        if (IsEnabled && !_disposed)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public override void Dispose()
    {
        _disposed = true;
        _flushGate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 4201, EventName = "PullCountsWriteFailed", Level = LogLevel.Warning, Message = "Writing {Manifests} manifests' pull counts failed; they are kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int manifests);
}
