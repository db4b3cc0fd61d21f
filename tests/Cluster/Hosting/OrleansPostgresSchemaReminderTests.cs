using ArtifactKeeper.Hosting.Cluster;
using ArtifactKeeper.Tests.Cluster.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;

namespace ArtifactKeeper.Tests.Cluster.Hosting;

/// <summary>
/// Orleans' ADO.NET reminder table, registered as the silo registers it, on a real PostgreSQL database
/// migrated by <see cref="OrleansPostgresSchema"/>: upserts and etags, reads by grain and by hash range
/// (including the ranges that wrap around the ring), conditional removal, and services sharing a database.
/// Fresh database per test.
/// </summary>
public sealed class OrleansPostgresSchemaReminderTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, 125, DateTimeKind.Utc);
    private readonly List<ServiceProvider> _providers = [];
    private OrleansSchemaDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await OrleansSchemaDatabase.CreateAsync(server, Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task UpsertRow_of_a_new_reminder_stores_it_under_the_answered_etag()
    {
        var table = await TableAsync();
        var reminder = Reminder(Grain("lib/app"), "gc", TimeSpan.FromMinutes(10));

        var etag = await table.UpsertRow(reminder, Ct);

        Assert.False(string.IsNullOrEmpty(etag));
        AssertSameReminder(reminder, etag, await table.ReadRow(reminder.GrainId, "gc", Ct));
    }

    [Fact]
    public async Task UpsertRow_of_an_existing_reminder_replaces_it_under_a_new_etag()
    {
        var table = await TableAsync();
        var first = Reminder(Grain("lib/app"), "gc", TimeSpan.FromMinutes(10));
        var firstEtag = await table.UpsertRow(first, Ct);
        var second = Reminder(first.GrainId, "gc", TimeSpan.FromHours(2), Start.AddDays(1));

        var secondEtag = await table.UpsertRow(second, Ct);

        Assert.NotEqual(firstEtag, secondEtag);
        AssertSameReminder(second, secondEtag, await table.ReadRow(first.GrainId, "gc", Ct));
        Assert.Single((await table.ReadRows(first.GrainId, Ct)).Reminders);
    }

    [Fact]
    public async Task ReadRow_of_an_unknown_reminder_answers_null()
    {
        var table = await TableAsync();
        await table.UpsertRow(Reminder(Grain("lib/app"), "gc", TimeSpan.FromMinutes(1)), Ct);

        Assert.Null(await table.ReadRow(Grain("lib/app"), "other", Ct));
        Assert.Null(await table.ReadRow(Grain("lib/other"), "gc", Ct));
    }

    [Fact]
    public async Task ReadRows_by_grain_answers_all_and_only_that_grains_reminders()
    {
        var table = await TableAsync();
        var grain = Grain("lib/app");
        await table.UpsertRow(Reminder(grain, "gc", TimeSpan.FromMinutes(1)), Ct);
        await table.UpsertRow(Reminder(grain, "scan", TimeSpan.FromMinutes(2)), Ct);
        await table.UpsertRow(Reminder(Grain("lib/other"), "gc", TimeSpan.FromMinutes(3)), Ct);

        var rows = await table.ReadRows(grain, Ct);

        Assert.Equal(["gc", "scan"], rows.Reminders.Select(r => r.ReminderName).Order());
        Assert.All(rows.Reminders, r => Assert.Equal(grain, r.GrainId));
    }

    [Fact]
    public async Task ReadRows_by_range_answers_hashes_after_begin_up_to_end_on_the_ring()
    {
        var table = await TableAsync();
        var grains = Enumerable.Range(0, 64).Select(i => Grain($"lib/app-{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Reminder(grain, "gc", TimeSpan.FromMinutes(1)), Ct);
        }

        // Bounds are hashes of stored grains, so both ends are exercised: begin excluded, end included.
        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToArray();
        var upper = Array.FindIndex(hashes, h => h >= 0x8000_0000u);
        Assert.InRange(upper, 6, hashes.Length - 6);
        (uint Begin, uint End)[] ranges =
        [
            (hashes[1], hashes[upper - 2]),          // within the lower half
            (hashes[upper + 1], hashes[^2]),         // within the upper half
            (hashes[upper - 3], hashes[upper + 2]),  // across 2^31, where the signed column wraps
            (hashes[^3], hashes[2]),                 // wrapping across zero (begin > end)
            (hashes[upper - 2], hashes[1]),          // wrapping, both bounds in the lower half
            (hashes[^2], hashes[upper + 1]),         // wrapping, both bounds in the upper half
            (hashes[5], hashes[5]),                  // begin == end: the whole ring
            (0u, uint.MaxValue),
        ];

        foreach (var (begin, end) in ranges)
        {
            var expected = grains.Where(g => OnRing(g.GetUniformHashCode(), begin, end)).Select(g => g.ToString()).Order().ToList();
            var rows = await table.ReadRows(begin, end, Ct);
            Assert.Equal(expected, rows.Reminders.Select(r => r.GrainId.ToString()).Order().ToList());
            Assert.NotEmpty(expected);
        }
    }

    [Fact]
    public async Task RemoveRow_with_the_current_etag_removes_only_that_reminder()
    {
        var table = await TableAsync();
        var grain = Grain("lib/app");
        var etag = await table.UpsertRow(Reminder(grain, "gc", TimeSpan.FromMinutes(1)), Ct);
        await table.UpsertRow(Reminder(grain, "scan", TimeSpan.FromMinutes(1)), Ct);

        Assert.True(await table.RemoveRow(grain, "gc", etag!, Ct));

        Assert.Null(await table.ReadRow(grain, "gc", Ct));
        Assert.NotNull(await table.ReadRow(grain, "scan", Ct));
    }

    [Fact]
    public async Task RemoveRow_with_a_stale_etag_fails_and_keeps_the_reminder()
    {
        var table = await TableAsync();
        var grain = Grain("lib/app");
        var stale = await table.UpsertRow(Reminder(grain, "gc", TimeSpan.FromMinutes(1)), Ct);
        var current = Reminder(grain, "gc", TimeSpan.FromMinutes(5));
        var currentEtag = await table.UpsertRow(current, Ct);

        Assert.False(await table.RemoveRow(grain, "gc", stale!, Ct));
        Assert.False(await table.RemoveRow(grain, "missing", currentEtag!, Ct));

        AssertSameReminder(current, currentEtag, await table.ReadRow(grain, "gc", Ct));
    }

    [Fact]
    public async Task Two_services_in_one_database_keep_their_own_reminders_and_clear_only_their_own()
    {
        var table = await TableAsync();
        var other = await TableAsync("other-service");
        var grain = Grain("lib/app");
        var mine = Reminder(grain, "gc", TimeSpan.FromMinutes(1));
        var theirs = Reminder(grain, "gc", TimeSpan.FromMinutes(9));
        var mineEtag = await table.UpsertRow(mine, Ct);
        var theirsEtag = await other.UpsertRow(theirs, Ct);
        await table.UpsertRow(Reminder(Grain("lib/other"), "gc", TimeSpan.FromMinutes(1)), Ct);
        AssertSameReminder(mine, mineEtag, await table.ReadRow(grain, "gc", Ct));
        Assert.Single((await other.ReadRows(0, 0, Ct)).Reminders);

        await table.TestOnlyClearTable(Ct);

        Assert.Empty((await table.ReadRows(0, 0, Ct)).Reminders);
        AssertSameReminder(theirs, theirsEtag, Assert.Single((await other.ReadRows(grain, Ct)).Reminders));
    }

    [Theory]
    [InlineData(60_000L)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MaxValue + 1L)]
    [InlineData(90L * 24 * 60 * 60 * 1000)]
    public async Task Period_round_trips_in_whole_milliseconds_even_above_int_MaxValue(long milliseconds)
    {
        var table = await TableAsync();
        var grain = Grain("lib/app");
        var reminder = Reminder(grain, "gc", TimeSpan.FromMilliseconds(milliseconds));

        var etag = await table.UpsertRow(reminder, Ct);

        AssertSameReminder(reminder, etag, await table.ReadRow(grain, "gc", Ct));
        Assert.Equal(milliseconds, await _database.ScalarAsync<long>("SELECT period FROM orleans_reminders", Ct));
        var shorter = Reminder(grain, "gc", TimeSpan.FromSeconds(30));
        AssertSameReminder(shorter, await table.UpsertRow(shorter, Ct), await table.ReadRow(grain, "gc", Ct));
    }

    private async Task<IReminderTable> TableAsync(string serviceId = "artifactkeeper")
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = "ak-test";
            options.ServiceId = serviceId;
        });
        services.UseAdoNetReminderService(builder => builder.Configure(options =>
        {
            options.Invariant = OrleansSchemaDatabase.Invariant;
            options.ConnectionString = _database.ConnectionString;
        }));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var table = provider.GetRequiredService<IReminderTable>();
        await table.StartAsync(Ct);
        return table;
    }

    private static GrainId Grain(string key) => GrainId.Create("repository", key);

    private static ReminderEntry Reminder(GrainId grain, string name, TimeSpan period, DateTime? start = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = start ?? Start,
        Period = period,
    };

    /// <summary>The reminder service's range (begin, end] on the uint ring; begin == end is the whole ring.</summary>
    private static bool OnRing(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static void AssertSameReminder(ReminderEntry expected, string? etag, ReminderEntry? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GrainId, actual.GrainId);
        Assert.Equal(expected.ReminderName, actual.ReminderName);
        Assert.Equal(expected.StartAt, actual.StartAt);
        Assert.Equal(DateTimeKind.Utc, actual.StartAt.Kind);
        Assert.Equal(expected.Period, actual.Period);
        Assert.Equal(etag, actual.ETag);
    }
}
