using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Postgres;
using ArtifactKeeper.Tests.Cluster.Support;
using ArtifactKeeper.Tests.Grain;
using ArtifactKeeper.Tests.Grain.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Cluster.Scheduling;

/// <summary>
/// The scheduler in cluster mode: two silos with Orleans' ADO.NET reminders and the metadata store on one real
/// PostgreSQL database, as <c>SiloHostingExtensions</c> configures them. The singleton registers its reminder (which
/// re-activates it on a surviving silo after a loss), and a schedule stored before the whole cluster went down fires
/// once after a new cluster starts on the same database. Fresh database per test.
/// </summary>
public sealed class SchedulerReminderTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private OrleansSchemaDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await OrleansSchemaDatabase.CreateAsync(server, Ct);
        await using var store = new PostgresMetadataStore(_database.ConnectionString);
        await store.InitializeAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var connectionString = _database.ConnectionString;
        var clock = _clock;
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(clock);
            silo.Services.AddSingleton<IScheduleMetadata>(_ => new PostgresMetadataStore(connectionString));
            silo.Services.AddTestScheduler();
            silo.UseAdoNetReminderService(options =>
            {
                options.Invariant = OrleansSchemaDatabase.Invariant;
                options.ConnectionString = connectionString;
            });
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

    [Fact]
    public async Task The_scheduler_registers_its_reminder_on_activation()
    {
        var cluster = await StartClusterAsync();
        try
        {
            var scheduler = cluster.Client.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);
            await scheduler.StartAsync();

            var reminders = cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
            var reminder = await reminders.ReadRow(scheduler.GetGrainId(), SchedulerGrain.ReminderName, Ct);

            Assert.NotNull(reminder);
            Assert.Equal(TimeSpan.FromMinutes(5), reminder.Period);
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task A_schedule_stored_before_the_cluster_went_down_fires_once_after_it_restarts()
    {
        var job = new ScheduledJobKey(RecordingJobGrain.Kind, "cluster-restart");
        var first = await StartClusterAsync();
        ScheduleEntry entry;
        try
        {
            entry = (await first.Client.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey)
                .SetAsync(new ScheduleRequest(job, HarborSchedule.Hourly, null, """{"workers":2}""")))!;
        }
        finally
        {
            await StopAsync(first);
        }

        _clock.Advance(entry.NextRunAt - _clock.GetUtcNow() + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(10));
        var second = await StartClusterAsync();
        try
        {
            // Nobody calls the scheduler: the silos' start-up activation finds the missed slots and fires once.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var recorder = second.Client.GetGrain<IRecordingJobGrain>(job.Key);
            IReadOnlyList<RecordedFiring> firings;
            while ((firings = await recorder.FiringsAsync()).Count == 0)
            {
                await Task.Delay(SchedulerSiloServices.CheckInterval, timeout.Token);
            }

            Assert.Equal(new RecordedFiring("""{"workers":2}""", entry.NextRunAt), Assert.Single(firings));
            await using var store = new PostgresMetadataStore(_database.ConnectionString);
            var stored = await store.GetScheduleAsync(job, Ct);
            Assert.NotNull(stored!.LastRunAt);
            Assert.True(stored.NextRunAt > _clock.GetUtcNow());
        }
        finally
        {
            await StopAsync(second);
        }
    }
}
