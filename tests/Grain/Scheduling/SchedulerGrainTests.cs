using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Tests.Grain.Scheduling;

/// <summary>
/// The scheduler singleton on the shared silo: schedules stored through it fire the registered job (a real
/// <see cref="RecordingJobGrain"/>) once the manual clock passes their slot. Each test uses its own job keys.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class SchedulerGrainTests(RegistryClusterFixture fixture)
{
    /// <summary>Every minute at second 0: the next slot is at most a minute of manual clock away.</summary>
    private const string EveryMinute = "0 * * * * *";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ISchedulerGrain Scheduler => fixture.Client.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);

    private static ScheduledJobKey NewJob() => new(RecordingJobGrain.Kind, Guid.NewGuid().ToString("N"));

    private IRecordingJobGrain Job(ScheduledJobKey job) => fixture.Client.GetGrain<IRecordingJobGrain>(job.Key);

    private async Task<ScheduleEntry> ScheduleAsync(ScheduledJobKey job, string parameters = "{}") =>
        (await Scheduler.SetAsync(new ScheduleRequest(job, HarborSchedule.Custom, EveryMinute, parameters)))!;

    /// <summary>Moves the manual clock just past <paramref name="at"/>.</summary>
    private void PassTime(DateTimeOffset at)
    {
        var now = fixture.Clock.GetUtcNow();
        if (at >= now)
        {
            fixture.Clock.Advance(at - now + TimeSpan.FromSeconds(1));
        }
    }

    private async Task<IReadOnlyList<RecordedFiring>> WaitForFiringsAsync(ScheduledJobKey job, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var firings = await Job(job).FiringsAsync();
            if (firings.Count >= count)
            {
                return firings;
            }

            await Task.Delay(SchedulerSiloServices.CheckInterval, timeout.Token);
        }
    }

    [Fact]
    public async Task Set_stores_the_schedule_with_its_next_slot()
    {
        var job = NewJob();
        var before = fixture.Clock.GetUtcNow();

        var entry = await ScheduleAsync(job, """{"dry_run":true}""");

        Assert.Equal((job, "Custom", EveryMinute, """{"dry_run":true}""", (DateTimeOffset?)null), (entry.Job, entry.Type, entry.Cron, entry.Parameters, entry.LastRunAt));
        Assert.InRange(entry.NextRunAt, before, before.AddMinutes(1).AddSeconds(1));
        Assert.Equal(0, entry.NextRunAt.Second);
        Assert.Equal(entry, await Scheduler.GetAsync(job));
        Assert.Equal(entry, await fixture.Metadata.GetScheduleAsync(job, Ct));
    }

    [Fact]
    public async Task A_custom_schedule_fires_the_registered_job_once_the_clock_passes_it()
    {
        var job = NewJob();
        var entry = await ScheduleAsync(job, """{"workers":3}""");
        Assert.Empty(await Job(job).FiringsAsync());

        PassTime(entry.NextRunAt);
        var firings = await WaitForFiringsAsync(job, 1);

        Assert.Equal(new RecordedFiring("""{"workers":3}""", entry.NextRunAt), Assert.Single(firings));
        // The job is fired before the run is stored, within the scheduler's turn: asking the scheduler first waits
        // for that turn to end, so the store is read after its write.
        var fromScheduler = await Scheduler.GetAsync(job);
        var stored = await fixture.Metadata.GetScheduleAsync(job, Ct);
        Assert.NotNull(stored!.LastRunAt);
        Assert.True(stored.LastRunAt >= entry.NextRunAt);
        Assert.True(stored.NextRunAt > stored.LastRunAt);
        Assert.Equal(stored, fromScheduler);
    }

    [Fact]
    public async Task It_fires_again_at_the_next_slot()
    {
        var job = NewJob();
        var entry = await ScheduleAsync(job);
        PassTime(entry.NextRunAt);
        await WaitForFiringsAsync(job, 1);

        var next = (await Scheduler.GetAsync(job))!.NextRunAt;
        PassTime(next);
        var firings = await WaitForFiringsAsync(job, 2);

        Assert.Equal([entry.NextRunAt, next], firings.Select(f => f.DueAt));
    }

    [Fact]
    public async Task A_removed_schedule_stops_firing()
    {
        var removed = NewJob();
        var control = NewJob();
        var entry = await ScheduleAsync(removed);
        await ScheduleAsync(control);

        Assert.True(await Scheduler.RemoveAsync(removed));
        PassTime(entry.NextRunAt);

        // The control falls due at the same slot, so the tick that fires it would have fired the removed one too.
        await WaitForFiringsAsync(control, 1);
        Assert.Empty(await Job(removed).FiringsAsync());
        Assert.Null(await Scheduler.GetAsync(removed));
        Assert.Null(await fixture.Metadata.GetScheduleAsync(removed, Ct));
        Assert.False(await Scheduler.RemoveAsync(removed));
    }

    [Theory]
    [InlineData(HarborSchedule.None)]
    [InlineData(HarborSchedule.Manual)]
    public async Task Set_with_a_type_that_does_not_fire_by_itself_removes_the_schedule(string type)
    {
        var job = NewJob();
        await ScheduleAsync(job);

        Assert.Null(await Scheduler.SetAsync(new ScheduleRequest(job, type, null, "{}")));

        Assert.Null(await Scheduler.GetAsync(job));
        Assert.Null(await fixture.Metadata.GetScheduleAsync(job, Ct));
    }

    [Theory]
    [InlineData("Sometimes", null, "invalid schedule type 'Sometimes'")]
    [InlineData("Custom", "* * * * * *", "the first field (seconds) must be fixed")]
    [InlineData("Custom", "0 0 * * *", "it needs 6 fields")]
    public async Task Set_with_a_bad_type_or_cron_is_refused_and_keeps_the_stored_schedule(string type, string? cron, string message)
    {
        var job = NewJob();
        var entry = await ScheduleAsync(job);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Scheduler.SetAsync(new ScheduleRequest(job, type, cron, "{}")));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(entry, await Scheduler.GetAsync(job));
        Assert.Equal(entry, await fixture.Metadata.GetScheduleAsync(job, Ct));
    }

    [Fact]
    public async Task Set_for_an_unregistered_job_kind_is_refused_and_stores_nothing()
    {
        var job = new ScheduledJobKey("no-such-kind", Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Scheduler.SetAsync(new ScheduleRequest(job, HarborSchedule.Daily, null, "{}")));

        Assert.Contains("no scheduled job kind 'no-such-kind'", error.Message, StringComparison.Ordinal);
        Assert.Null(await fixture.Metadata.GetScheduleAsync(job, Ct));
    }

    [Fact]
    public async Task A_slow_job_does_not_hold_up_other_schedules_or_the_scheduler()
    {
        var slow = NewJob();
        var quick = NewJob();
        await Job(slow).HoldAsync();
        var entry = await ScheduleAsync(slow);
        await ScheduleAsync(quick);

        PassTime(entry.NextRunAt);
        await WaitForFiringsAsync(quick, 1);

        // The slow job is still inside FireAsync, yet the scheduler answers and has moved the slow schedule on.
        Assert.Empty(await Job(slow).FiringsAsync());
        var stored = await Scheduler.GetAsync(slow);
        Assert.True(stored!.NextRunAt > entry.NextRunAt);
        await Job(slow).ReleaseAsync();
        Assert.Single(await WaitForFiringsAsync(slow, 1));
    }
}
