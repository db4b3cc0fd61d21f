using System.Globalization;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>
/// The transfer queue of one remote registry. The queue is the stored tasks of the target: this activation claims
/// due ones (so no other activation runs them), runs at most <see cref="ReplicationOptions.ConcurrencyPerTarget"/> at
/// once on the thread pool, off its turn (their blob bytes all taking from the target's shared bandwidth bucket,
/// <see cref="ReplicationOptions.TargetBandwidthKbps"/>), and stores each attempt's outcome: done, or back in the queue with a backoff
/// (transient failures), or failed. A new activation first takes back what a lost one had claimed. Leaving (silo
/// stopping) cancels the running attempts and puts their tasks back, uncounted, for the next activation.
/// </summary>
[GrainType("replication-target")]
public sealed partial class ReplicationTargetGrain(
    IReplicationExecutionMetadata store,
    ReplicationTaskRunner runner,
    IOptions<ReplicationOptions> options,
    TimeProvider clock,
    ILogger<ReplicationTargetGrain> logger) : Grain, IReplicationTargetGrain
{
    /// <summary>Never wake sooner than this: a task due "now" that was not claimed must not spin the timer.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(20);

    // The claim mark of this activation: a task claimed under any other mark belongs to an activation that is gone.
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly Dictionary<long, RunningTask> _running = [];
    private readonly Dictionary<long, ReplicationRoute?> _routes = [];
    private IGrainTimer? _wakeUp;
    private TokenBucket? _bandwidth;
    private bool _pumping;
    private bool _pumpAgain;
    private bool _leaving;

    private long Target => this.GetPrimaryKeyLong();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The target's aggregate limit: one bucket all its running tasks take from, on top of each task's own speed.
        _bandwidth = options.Value.TargetBytesPerSecond(Target) is { } rate ? new TokenBucket(rate, clock) : null;
        var released = await store.ReleaseOrphanedReplicationTasksAsync(
            Target, _owner, LogLine("WARNING", "The transfer was interrupted (its silo stopped or was lost); queued again"), clock.GetUtcNow(), cancellationToken);
        if (released > 0)
        {
            LogReleased(released, Target);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _leaving = true;
        _wakeUp?.Dispose();
        var attempts = _running.Values.Select(r => r.Attempt).ToList();
        foreach (var running in _running.Values)
        {
            running.Abandon();
        }

        try
        {
            await Task.WhenAll(attempts).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Tasks still claimed by this activation are taken back by the next one.
        }
    }

    public Task PokeAsync() => PumpAsync();

    public Task StopExecutionAsync(long executionId)
    {
        foreach (var running in _running.Values.Where(r => r.Task.ExecutionId == executionId))
        {
            running.Stop();
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReplicationTaskProgress>> GetProgressAsync() =>
        Task.FromResult<IReadOnlyList<ReplicationTaskProgress>>(
            [.. _running.Values.Select(r => new ReplicationTaskProgress(r.Task.Id, r.Task.ExecutionId, r.BytesSent))]);

    /// <summary>Claims and starts due tasks while there is room, then sets the timer for the next one due.</summary>
    private async Task PumpAsync()
    {
        // Attempts end on this activation's scheduler between requests, so a pump can be asked for while one is awaiting.
        if (_pumping)
        {
            _pumpAgain = true;
            return;
        }

        _pumping = true;
        try
        {
            do
            {
                _pumpAgain = false;
                var room = options.Value.ConcurrencyPerTarget - _running.Count;
                if (room > 0 && !_leaving)
                {
                    var claimed = await store.ClaimReplicationTasksAsync(Target, _owner, room, clock.GetUtcNow(), CancellationToken.None);
                    foreach (var task in claimed)
                    {
                        await StartAsync(task);
                    }
                }

                await ArmWakeUpAsync();
            }
            while (_pumpAgain && !_leaving);
        }
        finally
        {
            _pumping = false;
        }
    }

    private async Task ArmWakeUpAsync()
    {
        _wakeUp?.Dispose();
        _wakeUp = null;
        if (_leaving || _running.Count >= options.Value.ConcurrencyPerTarget ||
            await store.NextReplicationTaskDueAsync(Target, CancellationToken.None) is not { } due)
        {
            return;
        }

        var wait = due - clock.GetUtcNow();
        _wakeUp = this.RegisterGrainTimer(
            _ => PumpAsync(), new GrainTimerCreationOptions(wait < MinimumWait ? MinimumWait : wait, Timeout.InfiniteTimeSpan) { Interleave = false });
    }

    private async Task StartAsync(ReplicationTaskRecord task)
    {
        var route = await RouteOfAsync(task.ExecutionId);
        if (route is null)
        {
            // Tasks go with their execution, so this is a row written by hand; fail it rather than hold it forever.
            await store.FinishReplicationTaskAsync(
                task.Id, _owner, ReplicationStatuses.Failed, task.Attempts, 0, LogLine("ERROR", "The execution of this task no longer exists"), clock.GetUtcNow(), CancellationToken.None);
            return;
        }

        var running = new RunningTask(task, route);
        _running[task.Id] = running;
        // Idle as far as Orleans can tell (no calls) while copies run; the resumer's pokes keep it, this covers the gaps.
        DelayDeactivation(TimeSpan.FromMinutes(30));
        running.Attempt = Task.Run(() => AttemptAsync(running), CancellationToken.None);
        _ = FollowAsync(running);
    }

    private async Task<ReplicationRoute?> RouteOfAsync(long executionId)
    {
        if (!_routes.TryGetValue(executionId, out var route))
        {
            route = (await store.GetReplicationExecutionAsync(executionId, CancellationToken.None))?.Route;
            _routes[executionId] = route;
        }

        return route;
    }

    /// <summary>Back on the grain's scheduler once the attempt is over: frees the slot, reports an end, pumps.</summary>
    private async Task FollowAsync(RunningTask running)
    {
        var ended = false;
        try
        {
            ended = await running.Attempt;
        }
        catch (Exception e)
        {
            // Only the store can fail here; the task stays claimed by this activation until the next one takes it back.
            LogAttemptNotStored(e, running.Task.Id, Target);
        }

        _running.Remove(running.Task.Id);
        running.Dispose();
        if (ended)
        {
            try
            {
                await GrainFactory.GetGrain<IReplicationExecutionGrain>(running.Task.ExecutionId).TaskEndedAsync(running.Task.Id);
            }
            catch (Exception e)
            {
                LogReportFailed(e, running.Task.Id, running.Task.ExecutionId);
            }
        }

        await PumpAsync();
    }

    /// <summary>One attempt, on the thread pool; answers whether the task ended (false: queued again).</summary>
    private async Task<bool> AttemptAsync(RunningTask running)
    {
        var task = running.Task;
        var item = task.Item;
        var settings = options.Value;
        var attempt = task.Attempts + 1;
        var journal = new TaskJournal(clock);
        journal.Info(string.Create(
            CultureInfo.InvariantCulture,
            $"Attempt {attempt} of {settings.MaxAttempts}: {(item.Operation == ReplicationOperation.Delete ? "delete" : "copy")} {item.SourceRepository}@{item.Digest} -> {item.DestinationRepository} (tags: {(item.Tags.Count == 0 ? "none" : string.Join(", ", item.Tags))})"));
        try
        {
            var (summary, bytesSent) = await runner.RunAsync(item, running.Route, task.ExecutionId, running, _bandwidth, running.Token);
            journal.Info(summary);
            await store.FinishReplicationTaskAsync(task.Id, _owner, ReplicationStatuses.Succeed, attempt, bytesSent, journal.Text(), clock.GetUtcNow(), CancellationToken.None);
            return true;
        }
        catch (Exception) when (running.Token.IsCancellationRequested && running.Abandoned)
        {
            journal.Warn("Interrupted: this silo is stopping; queued again");
            await store.RescheduleReplicationTaskAsync(task.Id, _owner, task.Attempts, clock.GetUtcNow(), running.BytesSent, journal.Text(), CancellationToken.None);
            return false;
        }
        catch (Exception) when (running.Token.IsCancellationRequested)
        {
            journal.Info("Stopped on request");
            await store.FinishReplicationTaskAsync(task.Id, _owner, ReplicationStatuses.Stopped, attempt, running.BytesSent, journal.Text(), clock.GetUtcNow(), CancellationToken.None);
            return true;
        }
        catch (Exception e)
        {
            var transient = TransferFailures.IsTransient(e);
            if (transient && attempt < settings.MaxAttempts)
            {
                var delay = RetryBackoff.Delay(attempt, settings.BaseDelay, settings.MaxDelay, TransferFailures.RetryAfter(e), Random.Shared);
                journal.Warn(string.Create(CultureInfo.InvariantCulture, $"Attempt {attempt} failed: {e.Message}; retrying in {delay.TotalSeconds:0.###} s"));
                await store.RescheduleReplicationTaskAsync(
                    task.Id, _owner, attempt, clock.GetUtcNow() + delay, running.BytesSent, journal.Text(), CancellationToken.None);
                return false;
            }

            journal.Error(transient
                ? string.Create(CultureInfo.InvariantCulture, $"Attempt {attempt} failed: {e.Message}; giving up after {attempt} attempts")
                : $"Failed: {e.Message} (not retried)");
            if (e is not OciRegistryException)
            {
                LogTaskFailed(e, task.Id, Target);
            }

            await store.FinishReplicationTaskAsync(task.Id, _owner, ReplicationStatuses.Failed, attempt, running.BytesSent, journal.Text(), clock.GetUtcNow(), CancellationToken.None);
            return true;
        }
    }

    private string LogLine(string level, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} [{level}] {message}\n");

    [LoggerMessage(Level = LogLevel.Information, Message = "Took back {Count} replication tasks of target {Target} left running by a lost activation")]
    private partial void LogReleased(int count, long target);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcome of replication task {TaskId} (target {Target}) was not stored")]
    private partial void LogAttemptNotStored(Exception exception, long taskId, long target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replication task {TaskId} ended but execution {ExecutionId} was not told")]
    private partial void LogReportFailed(Exception exception, long taskId, long executionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replication task {TaskId} (target {Target}) failed unexpectedly")]
    private partial void LogTaskFailed(Exception exception, long taskId, long target);

    /// <summary>A claimed task while it runs: its cancellation, and the bytes its copy reported so far.</summary>
    private sealed class RunningTask(ReplicationTaskRecord task, ReplicationRoute route) : IProgress<long>, IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private long _bytesSent;

        public ReplicationTaskRecord Task { get; } = task;

        public ReplicationRoute Route { get; } = route;

        public Task<bool> Attempt { get; set; } = System.Threading.Tasks.Task.FromResult(false);

        public CancellationToken Token => _stop.Token;

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        /// <summary>True when the activation is leaving: the task goes back to the queue rather than ending Stopped.</summary>
        public bool Abandoned { get; private set; }

        public void Report(long value) => Interlocked.Exchange(ref _bytesSent, value);

        public void Stop() => _stop.Cancel();

        public void Abandon()
        {
            Abandoned = true;
            _stop.Cancel();
        }

        public void Dispose() => _stop.Dispose();
    }
}
