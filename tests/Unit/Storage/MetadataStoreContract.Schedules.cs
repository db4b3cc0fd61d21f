using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>The scheduler's schedules, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static ScheduleEntry Schedule(string kind, string key, DateTimeOffset next, string parameters = "{}") =>
        new(new ScheduledJobKey(kind, key), HarborSchedule.Custom, "0 30 2 * * *", parameters, next, null, T0, T0);

    [Fact]
    public async Task SaveSchedule_then_get_and_list_return_every_field()
    {
        var store = await StoreAsync();
        var gc = Schedule("gc", "default", T0.AddHours(3), """{"delete_untagged":true,"note":"é ✓"}""");
        var retention = Schedule("retention", "42", T0.AddDays(1));

        Assert.Equal(gc, await store.SaveScheduleAsync(gc, Ct));
        await store.SaveScheduleAsync(retention, Ct);
        var other = await CreateStoreAsync();

        Assert.Equal(gc, await other.GetScheduleAsync(gc.Job, Ct));
        Assert.Equal([gc, retention], await other.ListSchedulesAsync(Ct));
        Assert.Null(await other.GetScheduleAsync(new ScheduledJobKey("gc", "other"), Ct));
    }

    [Fact]
    public async Task SaveSchedule_of_an_existing_job_replaces_it_keeping_creation_time_and_last_run()
    {
        var store = await StoreAsync();
        var job = new ScheduledJobKey("gc", "replace-" + Guid.NewGuid().ToString("N"));
        await store.SaveScheduleAsync(Schedule(job.Kind, job.Key, T0.AddHours(1)), Ct);
        await store.RecordScheduleRunAsync(job, T0.AddHours(1), T0.AddDays(1), Ct);

        var replacement = new ScheduleEntry(job, HarborSchedule.Weekly, "0 0 0 * * 0", """{"dry_run":true}""", T0.AddDays(5), null, T0.AddDays(2), T0.AddDays(2));
        var saved = await store.SaveScheduleAsync(replacement, Ct);

        var expected = replacement with { CreatedAt = T0, LastRunAt = T0.AddHours(1) };
        Assert.Equal(expected, saved);
        Assert.Equal(expected, await (await CreateStoreAsync()).GetScheduleAsync(job, Ct));
        Assert.Single(await store.ListSchedulesAsync(Ct), s => s.Job == job);
    }

    [Fact]
    public async Task RecordScheduleRun_stores_last_and_next_run()
    {
        var store = await StoreAsync();
        var entry = await store.SaveScheduleAsync(Schedule("gc", "run-" + Guid.NewGuid().ToString("N"), T0.AddHours(1)), Ct);

        Assert.True(await store.RecordScheduleRunAsync(entry.Job, T0.AddHours(1).AddSeconds(2), T0.AddHours(2), Ct));

        Assert.Equal(
            entry with { LastRunAt = T0.AddHours(1).AddSeconds(2), NextRunAt = T0.AddHours(2), UpdatedAt = T0.AddHours(1).AddSeconds(2) },
            await store.GetScheduleAsync(entry.Job, Ct));
    }

    [Fact]
    public async Task RecordScheduleRun_of_an_unknown_job_is_refused_and_stores_nothing()
    {
        var store = await StoreAsync();
        var job = new ScheduledJobKey("gc", "missing-" + Guid.NewGuid().ToString("N"));

        Assert.False(await store.RecordScheduleRunAsync(job, T0, T0.AddHours(1), Ct));
        Assert.Null(await store.GetScheduleAsync(job, Ct));
    }

    [Fact]
    public async Task DeleteSchedule_removes_only_that_job()
    {
        var store = await StoreAsync();
        var key = "delete-" + Guid.NewGuid().ToString("N");
        var gc = await store.SaveScheduleAsync(Schedule("gc", key, T0), Ct);
        var retention = await store.SaveScheduleAsync(Schedule("retention", key, T0), Ct);

        Assert.True(await store.DeleteScheduleAsync(gc.Job, Ct));
        Assert.False(await store.DeleteScheduleAsync(gc.Job, Ct));

        Assert.Null(await store.GetScheduleAsync(gc.Job, Ct));
        Assert.Equal(retention, await store.GetScheduleAsync(retention.Job, Ct));
    }
}
