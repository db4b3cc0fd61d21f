using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Postgres;
using ArtifactKeeper.Tests.Cluster.Support;
using ArtifactKeeper.Tests.Grain;
using ArtifactKeeper.Tests.Grain.Scheduling;
using ArtifactKeeper.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Cluster.Scheduling;

/// <summary>
/// The scheduler in cluster mode: two silos with Orleans' ADO.NET reminders and the metadata store on one real
/// PostgreSQL database, as <c>SiloHostingExtensions</c> configures them. The singleton registers its reminder, and when
/// the silo holding it is lost the reminder re-activates it on the survivor, which fires the stored schedule's missed
/// slots once. Fresh database per test.
/// </summary>
public sealed class SchedulerReminderTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    /// <summary>Orleans' shortest reminder period.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

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
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton<IScheduleMetadata>(_ => new PostgresMetadataStore(connectionString));
            silo.Services.AddTestScheduler();
            silo.Services.Configure<SchedulerOptions>(options => options.ReminderPeriod = ReminderPeriod);
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                // A killed silo is declared dead within seconds (see RegistryCluster).
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
            });
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
            Assert.Equal(ReminderPeriod, reminder.Period);
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task After_the_silo_holding_the_scheduler_is_lost_its_reminder_brings_it_back_and_the_schedule_fires()
    {
        var job = new ScheduledJobKey(RecordingJobGrain.Kind, "silo-loss");
        var cluster = await StartClusterAsync();
        try
        {
            var scheduler = cluster.Client.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);
            var entry = (await scheduler.SetAsync(new ScheduleRequest(job, HarborSchedule.Hourly, null, """{"workers":2}""")))!;
            Assert.True(cluster.TryGetGrainContext(scheduler.GetGrainId(), out var context));
            var host = cluster.GetSiloForAddress(context.Address.SiloAddress!);
            Assert.NotNull(host);

            await cluster.KillSiloAsync(host, Ct);
            _clock.Advance(entry.NextRunAt - _clock.GetUtcNow() + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(10));

            // Nobody calls the scheduler: the reminder (period one minute here) re-activates it on the surviving silo,
            // which finds the missed slots in the store and fires once.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(4));
            var recorder = cluster.Client.GetGrain<IRecordingJobGrain>(job.Key);
            IReadOnlyList<RecordedFiring> firings;
            while ((firings = await recorder.FiringsAsync()).Count == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
            }

            Assert.Equal(new RecordedFiring("""{"workers":2}""", entry.NextRunAt), Assert.Single(firings));
            await using var store = new PostgresMetadataStore(_database.ConnectionString);
            var stored = await store.GetScheduleAsync(job, Ct);
            Assert.NotNull(stored!.LastRunAt);
            Assert.True(stored.NextRunAt > _clock.GetUtcNow());
        }
        finally
        {
            await StopAsync(cluster);
        }
    }
}
