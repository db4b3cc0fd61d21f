using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Grain.Scheduling;

/// <summary>
/// Embedded mode's durable trigger: a schedule stored before the silo stopped fires after a new silo starts on the
/// same SQLite file, without anyone calling the scheduler (the start-up service activates it), once for all the slots
/// missed while nothing ran. Each test runs its own silos, one after the other, over one database.
/// </summary>
public sealed class SchedulerRestartTests : IAsyncLifetime
{
    private const string Hourly = "0 0 * * * *";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ak-scheduler-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new();
    private SqliteMetadataStore? _metadata;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteMetadataStore Metadata => _metadata!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _metadata = new SqliteMetadataStore(Path.Combine(_root, "metadata.db"));
        await _metadata.InitializeAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        _metadata?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the run over it is not.
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A one-silo cluster on this test's database and clock, the scheduler registered as in production.</summary>
    private async Task<InProcessTestCluster> StartSiloAsync()
    {
        var metadata = Metadata;
        var clock = _clock;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton<IScheduleMetadata>(metadata);
            silo.Services.AddTestScheduler();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync(Ct);
        return cluster;
    }

    private static async Task StopAsync(InProcessTestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    private static async Task<IReadOnlyList<RecordedFiring>> WaitForFiringAsync(IClusterClient client, ScheduledJobKey job)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var firings = await client.GetGrain<IRecordingJobGrain>(job.Key).FiringsAsync();
            if (firings.Count > 0)
            {
                return firings;
            }

            await Task.Delay(SchedulerSiloServices.CheckInterval, timeout.Token);
        }
    }

    [Fact]
    public async Task A_schedule_stored_before_a_restart_fires_after_it_once_for_the_missed_slots()
    {
        var job = new ScheduledJobKey(RecordingJobGrain.Kind, "restart");
        var first = await StartSiloAsync();
        ScheduleEntry entry;
        try
        {
            entry = (await first.Client.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey)
                .SetAsync(new ScheduleRequest(job, HarborSchedule.Custom, Hourly, """{"delete_untagged":true}""")))!;
        }
        finally
        {
            await StopAsync(first);
        }

        // Down over three slots.
        _clock.Advance(entry.NextRunAt - _clock.GetUtcNow() + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(30));
        var second = await StartSiloAsync();
        try
        {
            var firings = await WaitForFiringAsync(second.Client, job);

            Assert.Equal(new RecordedFiring("""{"delete_untagged":true}""", entry.NextRunAt), Assert.Single(firings));
            var stored = await second.Client.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey).GetAsync(job);
            Assert.True(stored!.NextRunAt > _clock.GetUtcNow());
            Assert.Equal(stored, await Metadata.GetScheduleAsync(job, Ct));
            Assert.Single(await second.Client.GetGrain<IRecordingJobGrain>(job.Key).FiringsAsync());
        }
        finally
        {
            await StopAsync(second);
        }
    }

    [Fact]
    public async Task A_schedule_of_an_unregistered_kind_is_skipped_and_the_others_still_fire()
    {
        var unknown = new ScheduledJobKey("retired-kind", "x");
        var known = new ScheduledJobKey(RecordingJobGrain.Kind, "known");
        var due = DateTimeOffset.FromUnixTimeMilliseconds(_clock.GetUtcNow().AddMinutes(-5).ToUnixTimeMilliseconds());
        await Metadata.SaveScheduleAsync(new ScheduleEntry(unknown, HarborSchedule.Hourly, Hourly, "{}", due, null, due, due), Ct);
        await Metadata.SaveScheduleAsync(new ScheduleEntry(known, HarborSchedule.Hourly, Hourly, "{}", due, null, due, due), Ct);

        var silo = await StartSiloAsync();
        try
        {
            Assert.Equal(due, Assert.Single(await WaitForFiringAsync(silo.Client, known)).DueAt);

            // Skipped, not run: the stored row keeps no last run.
            var skipped = await Metadata.GetScheduleAsync(unknown, Ct);
            Assert.Null(skipped!.LastRunAt);
            Assert.True((await silo.Client.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey).GetAsync(unknown))!.NextRunAt > _clock.GetUtcNow());
        }
        finally
        {
            await StopAsync(silo);
        }
    }
}
