using System.Threading.Channels;
using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Audit;

/// <summary>
/// The gateway's <see cref="IAuditLog"/>: a bounded in-memory queue in front of a background writer that
/// hands batches (<see cref="AuditBatchPolicy"/>) to the audit log grain, which stores each batch in one
/// transaction. A request only ever pays a non-blocking enqueue; when the queue is full the event is
/// dropped and counted, and the count is logged, because a pull must never wait on the audit log.
/// The same path serves embedded mode (the grain is in-process) and cluster mode (the gateway has no store).
/// </summary>
public sealed class AuditRecorder : BackgroundService, IAuditLog
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Channel<Pending> _queue;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger<AuditRecorder> _logger;
    private readonly AuditBatchPolicy _policy;
    private long _droppedSinceReport;
    private long _droppedTotal;
    private DateTimeOffset _lastDropReport = DateTimeOffset.MinValue;

    public AuditRecorder(IGrainFactory grains, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _grains = grains;
        _clock = clock;
        _logger = logger;
        var settings = options.Value;
        IsEnabled = settings.Enabled;
        _policy = new AuditBatchPolicy(settings.BatchSize, settings.FlushInterval);

        // Continuations run on the pool, never inline in the recording request.
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(settings.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    public bool IsEnabled { get; }

    /// <summary>Events dropped because the queue was full, since start.</summary>
    public long DroppedCount => Interlocked.Read(ref _droppedTotal);

    public void Record(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (!IsEnabled)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(new Pending(auditEvent, null)))
        {
            Interlocked.Increment(ref _droppedSinceReport);
            Interlocked.Increment(ref _droppedTotal);
        }
    }

    /// <summary>Returns once every event recorded before the call has been written (or given up on).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Pending(null, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        var batch = new List<AuditEvent>(_policy.MaxBatch);
        var flushes = new List<TaskCompletionSource>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await FillAsync(batch, flushes, stoppingToken);
                await WriteAsync(batch, stoppingToken);
                Complete(flushes);
                ReportDrops(force: false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is already queued is still written below, once, without retries.
        }

        while (_queue.Reader.TryRead(out var item))
        {
            Add(item, batch, flushes);
            if (batch.Count >= _policy.MaxBatch)
            {
                await WriteAsync(batch, CancellationToken.None, attempts: 1);
            }
        }

        await WriteAsync(batch, CancellationToken.None, attempts: 1);
        Complete(flushes);
        ReportDrops(force: true);
    }

    /// <summary>
    /// Collects events until the batch is due by size or time, or a flush was asked for. While a batch
    /// fills it polls every <see cref="PollInterval"/> rather than waking on each event: under load a wake
    /// per event would cost a thread-pool hop per pull, which is exactly the CPU the pulls need.
    /// </summary>
    private async Task FillAsync(List<AuditEvent> batch, List<TaskCompletionSource> flushes, CancellationToken stoppingToken)
    {
        var oldest = _clock.GetUtcNow();
        while (true)
        {
            while (batch.Count < _policy.MaxBatch && flushes.Count == 0 && _queue.Reader.TryRead(out var item))
            {
                Add(item, batch, flushes);
            }

            var now = _clock.GetUtcNow();
            if (flushes.Count > 0 || batch.Count == 0 || _policy.IsDue(batch.Count, oldest, now))
            {
                return;
            }

            var remaining = _policy.Remaining(oldest, now);
            await Task.Delay(remaining < PollInterval ? remaining : PollInterval, _clock, stoppingToken);
        }
    }

    private static void Add(Pending item, List<AuditEvent> batch, List<TaskCompletionSource> flushes)
    {
        if (item.Flush is { } flush)
        {
            flushes.Add(flush);
        }
        else
        {
            batch.Add(item.Event!);
        }
    }

    private async Task WriteAsync(List<AuditEvent> batch, CancellationToken stoppingToken, int attempts = MaxAttempts)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var events = batch.ToArray();
        batch.Clear();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _grains.GetGrain<IAuditLogGrain>(0).AppendAsync(events);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AuditLogMessages.WriteFailed(_logger, ex, events.Length, attempt);
                if (attempt >= attempts)
                {
                    AuditLogMessages.EventsLost(_logger, events.Length, attempt);
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), _clock, stoppingToken);
        }
    }

    private static void Complete(List<TaskCompletionSource> flushes)
    {
        foreach (var flush in flushes)
        {
            flush.TrySetResult();
        }

        flushes.Clear();
    }

    /// <summary>Logs the drop count at most every <see cref="DropReportInterval"/>, so a flood of drops is one line, not a flood of lines.</summary>
    private void ReportDrops(bool force)
    {
        var now = _clock.GetUtcNow();
        if (!force && now - _lastDropReport < DropReportInterval)
        {
            return;
        }

        var dropped = Interlocked.Exchange(ref _droppedSinceReport, 0);
        if (dropped > 0)
        {
            _lastDropReport = now;
            AuditLogMessages.EventsDropped(_logger, dropped, DroppedCount);
        }
    }

    /// <summary>A queued event, or a flush marker completed once everything before it is written.</summary>
    private readonly record struct Pending(AuditEvent? Event, TaskCompletionSource? Flush);
}
