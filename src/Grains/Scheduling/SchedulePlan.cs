namespace ArtifactKeeper.Scheduling;

/// <summary>
/// The scheduler's arithmetic, apart from Orleans: what to store for a new schedule, which schedules are due, where a
/// schedule goes after it fired, and how long the timer sleeps. A schedule that fell due several times while no
/// scheduler ran fires once, then continues with its next slot after now (missed slots are not replayed).
/// </summary>
public static class SchedulePlan
{
    /// <summary>
    /// The entry to store for <paramref name="schedule"/> (periodic) at <paramref name="now"/>: it next runs at the first
    /// slot after now; a replaced entry keeps its creation time and last run.
    /// </summary>
    public static ScheduleEntry NewEntry(ScheduledJobKey job, HarborSchedule schedule, string parameters, ScheduleEntry? existing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(schedule);
        var next = schedule.NextAfter(now) ?? throw new ArgumentException($"schedule '{schedule.Type}' does not fire by itself", nameof(schedule));
        return new ScheduleEntry(job, schedule.Type, schedule.Cron!, parameters, next, existing?.LastRunAt, existing?.CreatedAt ?? now, now);
    }

    /// <summary>Whether <paramref name="entry"/> fires at <paramref name="now"/>.</summary>
    public static bool IsDue(ScheduleEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.NextRunAt <= now;
    }

    /// <summary>
    /// The next run of a schedule that fires at <paramref name="now"/>: its first slot strictly after now, so every
    /// slot missed before now is covered by this one firing. Null when the cron has no later slot.
    /// </summary>
    public static DateTimeOffset? NextRunAfterFiring(HarborSchedule schedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.NextAfter(now);
    }

    /// <summary>
    /// How long the timer waits from <paramref name="now"/>: until the earliest next run, never less than zero and
    /// never more than <paramref name="cap"/> (so a changed clock or a lost tick is noticed within the cap).
    /// </summary>
    public static TimeSpan TimerDelay(IEnumerable<ScheduleEntry> entries, DateTimeOffset now, TimeSpan cap)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var delay = cap;
        foreach (var entry in entries)
        {
            var until = entry.NextRunAt - now;
            if (until < delay)
            {
                delay = until;
            }
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
