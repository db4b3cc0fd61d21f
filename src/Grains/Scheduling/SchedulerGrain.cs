using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Timers;

namespace ArtifactKeeper.Scheduling;

/// <summary>
/// The scheduler singleton: the single writer of the <c>schedules</c> table, which it loads on activation and keeps in
/// memory. One grain timer sleeps until the earliest next run (at most <see cref="SchedulerOptions.CheckInterval"/>);
/// when a schedule is due it calls its job's <see cref="IScheduledJobGrain.FireAsync"/> without waiting for it, then
/// stores the run and the next slot. Durable trigger: every silo activates it on start-up (<see cref="SchedulerStarter"/>),
/// and where a reminder service exists (cluster mode, reminders on PostgreSQL) an Orleans reminder re-activates it on a
/// surviving silo after the one holding it was lost.
/// </summary>
[GrainType("scheduler")]
public sealed partial class SchedulerGrain(
    IScheduleMetadata store,
    ScheduledJobDispatch dispatch,
    TimeProvider clock,
    IOptions<SchedulerOptions> options,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain, IRemindable
{
    /// <summary>The name of the scheduler's reminder in cluster mode.</summary>
    public const string ReminderName = "scheduler";

    private readonly Dictionary<ScheduledJobKey, ScheduleEntry> _entries = [];
    private IGrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in await store.ListSchedulesAsync(cancellationToken))
        {
            _entries[entry.Job] = entry;
        }

        // Due now when something fell due while no scheduler ran: it fires once, right after activation.
        _timer = this.RegisterGrainTimer(
            TickAsync, new GrainTimerCreationOptions(Delay(), Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = false });
        await RegisterReminderAsync();
    }

    public async Task<ScheduleEntry?> SetAsync(ScheduleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = Now();
        if (!ScheduleRequestValidator.TryValidate(request, now, out var schedule, out var error))
        {
            throw new ArgumentException(error, nameof(request));
        }

        if (!schedule!.IsPeriodic)
        {
            await RemoveAsync(request.Job);
            return null;
        }

        if (!dispatch.IsKnown(request.Job.Kind))
        {
            throw new ArgumentException($"no scheduled job kind '{request.Job.Kind}' is registered", nameof(request));
        }

        var saved = await store.SaveScheduleAsync(
            SchedulePlan.NewEntry(request.Job, schedule, request.Parameters, _entries.GetValueOrDefault(request.Job), now), CancellationToken.None);
        _entries[saved.Job] = saved;
        Arm();
        return saved;
    }

    public Task<ScheduleEntry?> GetAsync(ScheduledJobKey job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Task.FromResult(_entries.GetValueOrDefault(job));
    }

    public async Task<bool> RemoveAsync(ScheduledJobKey job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var removed = await store.DeleteScheduleAsync(job, CancellationToken.None);
        _entries.Remove(job);
        Arm();
        return removed;
    }

    public Task StartAsync()
    {
        Arm();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being called is the point: it (re)activated the scheduler, whose activation armed the timer.
        Arm();
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        foreach (var entry in _entries.Values.Where(e => SchedulePlan.IsDue(e, now)).ToList())
        {
            await FireAsync(entry, now, cancellationToken);
        }

        Arm();
    }

    private async Task FireAsync(ScheduleEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!HarborSchedule.TryCreate(entry.Type, entry.Cron, out var schedule, out var error)
            || SchedulePlan.NextRunAfterFiring(schedule!, now) is not { } next)
        {
            LogUnusable(entry.Job, entry.Type, entry.Cron, error ?? "the cron has no later slot");
            _entries.Remove(entry.Job);
            return;
        }

        if (dispatch.Resolve(GrainFactory, entry.Job) is not { } job)
        {
            // Not fired, so no run is recorded; it is skipped again at its next slot (and once after a restart).
            LogUnknownKind(entry.Job, next);
            _entries[entry.Job] = entry with { NextRunAt = next };
            return;
        }

        _ = FireAndLogAsync(job, entry);
        _entries[entry.Job] = entry with { LastRunAt = now, NextRunAt = next, UpdatedAt = now };
        try
        {
            if (!await store.RecordScheduleRunAsync(entry.Job, now, next, cancellationToken))
            {
                _entries.Remove(entry.Job);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Memory already moved on, so the job does not fire again every tick; after a restart it fires once more.
            LogRecordFailed(ex, entry.Job);
        }
    }

    /// <summary>Fires without waiting: a slow job must never hold up the scheduler.</summary>
    private async Task FireAndLogAsync(IScheduledJobGrain job, ScheduleEntry entry)
    {
        try
        {
            await job.FireAsync(entry.Parameters, entry.NextRunAt);
            LogFired(entry.Job, entry.NextRunAt);
        }
        catch (Exception ex)
        {
            LogFireFailed(ex, entry.Job, entry.NextRunAt);
        }
    }

    private async Task RegisterReminderAsync()
    {
        if (ServiceProvider.GetService<IReminderRegistry>() is null)
        {
            return;
        }

        try
        {
            var period = options.Value.ReminderPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }
        catch (Exception ex)
        {
            LogReminderFailed(ex);
        }
    }

    /// <summary>The clock in whole milliseconds, as the store keeps times, so memory and store agree.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());

    private void Arm() => _timer?.Change(Delay(), Timeout.InfiniteTimeSpan);

    private TimeSpan Delay() => SchedulePlan.TimerDelay(_entries.Values, clock.GetUtcNow(), options.Value.CheckInterval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule {Job} fired for {DueAt}")]
    private partial void LogFired(ScheduledJobKey job, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {Job} failed to fire for {DueAt}")]
    private partial void LogFireFailed(Exception exception, ScheduledJobKey job, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Job} skipped: no job kind of that name is registered; next slot {Next}")]
    private partial void LogUnknownKind(ScheduledJobKey job, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schedule {Job} ({Type} '{Cron}') cannot fire and is left alone: {Reason}")]
    private partial void LogUnusable(ScheduledJobKey job, string type, string cron, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule {Job} fired but its run was not stored")]
    private partial void LogRecordFailed(Exception exception, ScheduledJobKey job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduler's reminder was not registered; it relies on silo start-up to be re-activated")]
    private partial void LogReminderFailed(Exception exception);
}
