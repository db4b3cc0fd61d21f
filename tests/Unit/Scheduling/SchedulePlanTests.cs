using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Tests.Unit.Scheduling;

public sealed class SchedulePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 30, 15, TimeSpan.Zero);
    private static readonly ScheduledJobKey Job = new("gc", "default");

    private static HarborSchedule Create(string type, string? cron = null)
    {
        Assert.True(HarborSchedule.TryCreate(type, cron, out var schedule, out var error), error);
        return schedule!;
    }

    private static ScheduleEntry Entry(DateTimeOffset next, string kind = "gc") =>
        new(new ScheduledJobKey(kind, "default"), HarborSchedule.Hourly, "0 0 * * * *", "{}", next, null, Now, Now);

    [Fact]
    public void NewEntry_runs_next_at_the_first_slot_after_now()
    {
        var entry = SchedulePlan.NewEntry(Job, Create(HarborSchedule.Daily), """{"dry_run":true}""", null, Now);

        Assert.Equal(new ScheduleEntry(Job, "Daily", "0 0 0 * * *", """{"dry_run":true}""", new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), null, Now, Now), entry);
    }

    [Fact]
    public void NewEntry_replacing_a_schedule_keeps_its_creation_time_and_last_run()
    {
        var created = Now.AddDays(-3);
        var lastRun = Now.AddHours(-1);
        var existing = Entry(Now.AddMinutes(30)) with { CreatedAt = created, LastRunAt = lastRun };

        var entry = SchedulePlan.NewEntry(Job, Create(HarborSchedule.Custom, "0 15 * * * *"), "{}", existing, Now);

        Assert.Equal((created, lastRun, Now), (entry.CreatedAt, entry.LastRunAt, entry.UpdatedAt));
        Assert.Equal(("Custom", "0 15 * * * *", new DateTimeOffset(2026, 12, 2, 11, 15, 0, TimeSpan.Zero)), (entry.Type, entry.Cron, entry.NextRunAt));
    }

    [Fact]
    public void NewEntry_of_a_schedule_that_does_not_fire_by_itself_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SchedulePlan.NewEntry(Job, Create(HarborSchedule.Manual), "{}", null, Now));
    }

    [Fact]
    public void IsDue_from_the_next_run_on()
    {
        Assert.False(SchedulePlan.IsDue(Entry(Now.AddTicks(1)), Now));
        Assert.True(SchedulePlan.IsDue(Entry(Now), Now));
        Assert.True(SchedulePlan.IsDue(Entry(Now.AddDays(-2)), Now));
    }

    [Fact]
    public void Missed_slots_fire_once_then_the_schedule_continues_after_now()
    {
        // Hourly, last due two days ago: 48 slots were missed; one firing covers them, the next is the coming hour.
        var hourly = Create(HarborSchedule.Hourly);
        var entry = Entry(Now.AddDays(-2));

        Assert.True(SchedulePlan.IsDue(entry, Now));
        var next = SchedulePlan.NextRunAfterFiring(hourly, Now);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero), next);
        Assert.False(SchedulePlan.IsDue(entry with { NextRunAt = next!.Value }, Now));
    }

    [Fact]
    public void Firing_exactly_on_a_slot_moves_to_the_following_slot()
    {
        var onTheHour = new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero);

        Assert.Equal(onTheHour.AddHours(1), SchedulePlan.NextRunAfterFiring(Create(HarborSchedule.Hourly), onTheHour));
    }

    [Fact]
    public void TimerDelay_is_the_time_to_the_earliest_next_run()
    {
        var entries = new[] { Entry(Now.AddSeconds(40)), Entry(Now.AddSeconds(25), "retention"), Entry(Now.AddHours(2), "scan-all") };

        Assert.Equal(TimeSpan.FromSeconds(25), SchedulePlan.TimerDelay(entries, Now, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void TimerDelay_is_capped_and_never_negative()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), SchedulePlan.TimerDelay([Entry(Now.AddHours(5))], Now, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(1), SchedulePlan.TimerDelay([], Now, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.Zero, SchedulePlan.TimerDelay([Entry(Now.AddDays(-1))], Now, TimeSpan.FromMinutes(1)));
    }
}
