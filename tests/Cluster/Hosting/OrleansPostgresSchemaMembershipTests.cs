using System.Net;
using ArtifactKeeper.Hosting.Cluster;
using ArtifactKeeper.Tests.Cluster.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace ArtifactKeeper.Tests.Cluster.Hosting;

/// <summary>
/// Orleans' ADO.NET membership provider, as silos and gateways run it in cluster mode, on a real
/// PostgreSQL database migrated by <see cref="OrleansPostgresSchema"/>: the optimistic table-version
/// protocol of <c>IMembershipTable</c> (a write names the version it read, since <c>TableVersion.Next()</c>
/// keeps that version's etag; an update must also pass the row etag this provider reads, which is that same
/// etag), the gateway list, cleanup, and clusters sharing a database. Fresh database per test.
/// </summary>
public sealed class OrleansPostgresSchemaMembershipTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string ClusterId = "ak-test";
    private static readonly DateTime Now = new(2026, 3, 1, 12, 30, 15, 250, DateTimeKind.Utc);
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();
    private OrleansSchemaDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await OrleansSchemaDatabase.CreateAsync(server, Ct);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task InitializeMembershipTable_twice_and_concurrently_keeps_one_version_row_at_zero()
    {
        var first = await TableAsync();
        await first.InitializeMembershipTableAsync(true, Ct);
        var starting = Enumerable.Range(0, 8).Select(_ => NewTable()).ToList();
        await Task.WhenAll(starting.Select(t => Task.Run(() => t.InitializeMembershipTableAsync(true, Ct), Ct)));

        var data = await starting[0].ReadAllAsync(Ct);

        Assert.Equal(0, data.Version.Version);
        Assert.Empty(data.Members);
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM orleans_membership_version", Ct));
    }

    [Fact]
    public async Task ReadAll_on_an_empty_cluster_answers_version_zero_and_no_members()
    {
        var table = await TableAsync();

        var data = await table.ReadAllAsync(Ct);

        Assert.Equal(new TableVersion(0, "0"), data.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task InsertRow_with_the_next_version_inserts_the_silo_and_bumps_the_version()
    {
        var table = await TableAsync();
        var entry = Entry(1);
        var empty = await table.ReadAllAsync(Ct);

        Assert.True(await table.InsertRowAsync(entry, empty.Version.Next(), Ct));

        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(1, data.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, data.Version.VersionEtag);
        AssertSameEntry(entry, Assert.Single(data.Members).Item1);
    }

    [Fact]
    public async Task InsertRow_with_a_stale_version_fails_and_inserts_nothing()
    {
        var table = await TableAsync();
        var stale = (await table.ReadAllAsync(Ct)).Version.Next();
        Assert.True(await table.InsertRowAsync(Entry(1), stale, Ct));

        Assert.False(await table.InsertRowAsync(Entry(2), stale, Ct));

        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(1, data.Version.Version);
        Assert.Equal(Entry(1).SiloAddress, Assert.Single(data.Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task InsertRow_of_a_silo_already_in_the_table_fails_and_keeps_its_row_and_the_version()
    {
        var table = await TableAsync();
        await InsertAsync(table, Entry(1));
        var current = await table.ReadAllAsync(Ct);

        Assert.False(await table.InsertRowAsync(Entry(1, SiloStatus.Active), current.Version.Next(), Ct));

        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(1, data.Version.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(data.Members).Item1.Status);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("fd00::17")]
    public async Task UpdateRow_with_the_current_version_round_trips_status_suspect_times_and_dates(string address)
    {
        var table = await TableAsync();
        var entry = Entry(1);
        entry.SiloAddress = SiloAddress.New(IPAddress.Parse(address), 11111, 123456789);
        await InsertAsync(table, entry);
        var before = await table.ReadRowAsync(entry.SiloAddress, Ct);
        var updated = Copy(entry);
        updated.Status = SiloStatus.Active;
        updated.IAmAliveTime = Now.AddSeconds(42);
        updated.SuspectTimes =
        [
            Tuple.Create(SiloAddress.New(IPAddress.Parse("10.9.8.7"), 11112, 987654321), Now.AddSeconds(7.125)),
            Tuple.Create(SiloAddress.New(IPAddress.Parse("10.9.8.6"), 11113, 5), Now.AddMinutes(1)),
        ];

        Assert.True(await table.UpdateRowAsync(updated, Assert.Single(before.Members).Item2, before.Version.Next(), Ct));

        var after = await table.ReadRowAsync(entry.SiloAddress, Ct);
        Assert.Equal(2, after.Version.Version);
        AssertSameEntry(updated, Assert.Single(after.Members).Item1);
    }

    [Fact]
    public async Task UpdateRow_with_a_stale_version_fails_and_changes_nothing()
    {
        var table = await TableAsync();
        var entry = Entry(1);
        await InsertAsync(table, entry);
        var stale = await table.ReadAllAsync(Ct);
        await InsertAsync(table, Entry(2));
        var updated = Copy(entry);
        updated.Status = SiloStatus.Dead;
        updated.IAmAliveTime = Now.AddHours(1);
        updated.SuspectTimes = [Tuple.Create(Entry(2).SiloAddress, Now)];

        Assert.False(await table.UpdateRowAsync(updated, stale.Members[0].Item2, stale.Version.Next(), Ct));

        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(2, data.Version.Version);
        AssertSameEntry(entry, data.TryGet(entry.SiloAddress)!.Item1);
    }

    [Fact]
    public async Task UpdateRow_of_a_silo_not_in_the_table_fails_and_keeps_the_version()
    {
        var table = await TableAsync();
        await InsertAsync(table, Entry(1));
        var current = await table.ReadAllAsync(Ct);

        // The row etag a read would give, so the provider does not refuse before asking the database.
        Assert.False(await table.UpdateRowAsync(Entry(2, SiloStatus.Active), current.Version.VersionEtag, current.Version.Next(), Ct));

        var data = await table.ReadAllAsync(Ct);
        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task ReadRow_answers_the_table_version_with_only_the_requested_silo()
    {
        var table = await TableAsync();
        await InsertAsync(table, Entry(1));
        await InsertAsync(table, Entry(2));

        var row = await table.ReadRowAsync(Entry(2).SiloAddress, Ct);
        var missing = await table.ReadRowAsync(Entry(3).SiloAddress, Ct);
        var otherGeneration = await table.ReadRowAsync(SiloAddress.New(Entry(2).SiloAddress.Endpoint, Entry(2).SiloAddress.Generation + 1), Ct);

        Assert.Equal(2, row.Version.Version);
        AssertSameEntry(Entry(2), Assert.Single(row.Members).Item1);
        Assert.Equal(2, missing.Version.Version);
        Assert.Empty(missing.Members);
        Assert.Empty(otherGeneration.Members);
    }

    [Fact]
    public async Task UpdateIAmAlive_changes_only_the_heartbeat_and_not_the_version()
    {
        var table = await TableAsync();
        var entry = Entry(1);
        await InsertAsync(table, entry);
        var inserted = await table.ReadAllAsync(Ct);
        var active = Copy(entry);
        active.Status = SiloStatus.Active;
        active.SuspectTimes = [Tuple.Create(Entry(2).SiloAddress, Now.AddSeconds(1))];
        Assert.True(await table.UpdateRowAsync(active, inserted.Members[0].Item2, inserted.Version.Next(), Ct));

        // The oracle sends its whole entry; only the heartbeat may be taken from it.
        var heartbeat = Copy(active);
        heartbeat.IAmAliveTime = Now.AddMinutes(5);
        heartbeat.Status = SiloStatus.Dead;
        heartbeat.SuspectTimes = null;
        heartbeat.HostName = "elsewhere";
        await table.UpdateIAmAliveAsync(heartbeat, Ct);

        var data = await table.ReadAllAsync(Ct);
        var expected = Copy(active);
        expected.IAmAliveTime = Now.AddMinutes(5);
        Assert.Equal(2, data.Version.Version);
        AssertSameEntry(expected, Assert.Single(data.Members).Item1);
    }

    [Fact]
    public async Task Gateway_list_holds_only_active_silos_with_a_proxy_port_of_this_cluster()
    {
        var table = await TableAsync();
        var other = await TableAsync("other-cluster");
        MembershipEntry[] entries =
        [
            Entry(1, SiloStatus.Active),
            Entry(2, SiloStatus.Active, proxyPort: 0),
            Entry(3, SiloStatus.Joining),
            Entry(4, SiloStatus.ShuttingDown),
            Entry(5, SiloStatus.Dead),
            Entry(6, SiloStatus.Active),
        ];
        foreach (var entry in entries)
        {
            await InsertAsync(table, entry);
        }

        await InsertAsync(other, Entry(7, SiloStatus.Active));
        var gateways = await GatewaysAsync();

        var uris = await gateways.GetGatewaysAsync(Ct);

        Assert.Equal(
            new[] { GatewayUri(entries[0]), GatewayUri(entries[5]) }.Order(),
            uris.Select(u => u.ToString()).Order());
    }

    [Fact]
    public async Task CleanupDefunctSiloEntries_removes_rows_silent_before_the_date_except_active_ones()
    {
        var table = await TableAsync();
        var old = Enum.GetValues<SiloStatus>().Select((status, i) => Entry(10 + i, status, iAmAlive: Now.AddDays(-10))).ToList();
        var recent = Entry(1, SiloStatus.Dead, iAmAlive: Now);
        var atCutoff = Entry(2, SiloStatus.Dead, iAmAlive: Now.AddDays(-3));
        foreach (var entry in old.Append(recent).Append(atCutoff))
        {
            await InsertAsync(table, entry);
        }

        var before = await table.ReadAllAsync(Ct);

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Now.AddDays(-3)), Ct);

        var data = await table.ReadAllAsync(Ct);
        var oldActive = old.Single(e => e.Status == SiloStatus.Active);
        Assert.Equal(
            new[] { oldActive.SiloAddress, recent.SiloAddress, atCutoff.SiloAddress }.Order(),
            data.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.Equal(before.Version, data.Version);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_removes_the_cluster_and_its_version_but_no_other_cluster()
    {
        var table = await TableAsync();
        var other = await TableAsync("other-cluster");
        await InsertAsync(table, Entry(1));
        await InsertAsync(table, Entry(2));
        await InsertAsync(other, Entry(1));

        await table.DeleteMembershipTableEntriesAsync(ClusterId, Ct);

        Assert.Equal(0L, await _database.ScalarAsync<long>($"SELECT count(*) FROM orleans_membership WHERE deployment_id = '{ClusterId}'", Ct));
        Assert.Equal(0L, await _database.ScalarAsync<long>($"SELECT count(*) FROM orleans_membership_version WHERE deployment_id = '{ClusterId}'", Ct));
        var untouched = await other.ReadAllAsync(Ct);
        Assert.Equal(1, untouched.Version.Version);
        Assert.Single(untouched.Members);

        await table.InitializeMembershipTableAsync(true, Ct);
        var restarted = await table.ReadAllAsync(Ct);
        Assert.Equal(0, restarted.Version.Version);
        Assert.Empty(restarted.Members);
    }

    [Fact]
    public async Task Two_clusters_in_one_database_keep_their_own_members_and_versions()
    {
        var first = await TableAsync();
        var second = await TableAsync("other-cluster");
        await InsertAsync(first, Entry(1, iAmAlive: Now.AddDays(-10)));
        await InsertAsync(first, Entry(2, iAmAlive: Now.AddDays(-10)));
        var secondEmpty = await second.ReadAllAsync(Ct);

        // The same silo address may appear in both; the second cluster's version is still 0.
        Assert.True(await second.InsertRowAsync(Entry(1, iAmAlive: Now.AddDays(-10)), secondEmpty.Version.Next(), Ct));
        var secondData = await second.ReadAllAsync(Ct);
        Assert.True(await second.UpdateRowAsync(Entry(1, SiloStatus.Dead, iAmAlive: Now.AddDays(-10)), secondData.Members[0].Item2, secondData.Version.Next(), Ct));
        await second.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Now), Ct);

        var firstData = await first.ReadAllAsync(Ct);
        Assert.Equal(2, firstData.Version.Version);
        Assert.Equal(2, firstData.Members.Count);
        Assert.All(firstData.Members, m => Assert.Equal(SiloStatus.Joining, m.Item1.Status));
        var secondAfter = await second.ReadAllAsync(Ct);
        Assert.Equal(2, secondAfter.Version.Version);
        Assert.Empty(secondAfter.Members);
    }

    [Fact]
    public async Task Concurrent_inserts_on_the_same_version_let_exactly_one_win()
    {
        var silos = await RacingSilosAsync();

        for (var round = 0; round < 5; round++)
        {
            var version = (await silos[0].ReadAllAsync(Ct)).Version.Next();
            var entries = Enumerable.Range(0, silos.Count).Select(i => Entry(100 + (round * silos.Count) + i)).ToArray();

            var results = await RaceAsync(silos.Count, i => silos[i].InsertRowAsync(entries[i], version, Ct));

            var winner = Assert.Single(entries.Where((_, i) => results[i]));
            var data = await silos[0].ReadAllAsync(Ct);
            Assert.Equal(round + 1, data.Version.Version);
            Assert.Equal(round + 1, data.Members.Count);
            Assert.NotNull(data.TryGet(winner.SiloAddress));
        }
    }

    [Fact]
    public async Task Concurrent_updates_on_the_same_version_let_exactly_one_win()
    {
        var silos = await RacingSilosAsync();
        var entries = Enumerable.Range(1, silos.Count).Select(i => Entry(i)).ToArray();
        foreach (var entry in entries)
        {
            await InsertAsync(silos[0], entry);
        }

        for (var round = 1; round <= 5; round++)
        {
            var read = await silos[0].ReadAllAsync(Ct);
            var heartbeat = Now.AddSeconds(round);

            var results = await RaceAsync(silos.Count, i =>
            {
                var updated = Copy(entries[i]);
                updated.Status = SiloStatus.Active;
                updated.IAmAliveTime = heartbeat;
                return silos[i].UpdateRowAsync(updated, read.TryGet(entries[i].SiloAddress)!.Item2, read.Version.Next(), Ct);
            });

            var winner = Assert.Single(entries.Where((_, i) => results[i]));
            var data = await silos[0].ReadAllAsync(Ct);
            Assert.Equal(entries.Length + round, data.Version.Version);
            Assert.Equal([winner.SiloAddress], data.Members.Where(m => m.Item1.IAmAliveTime == heartbeat).Select(m => m.Item1.SiloAddress));
        }
    }

    /// <summary>Twelve silos' tables, each with a connection already open so the races start together.</summary>
    private async Task<List<AdoNetClusteringTable>> RacingSilosAsync()
    {
        var silos = new List<AdoNetClusteringTable>();
        for (var i = 0; i < 12; i++)
        {
            silos.Add(await TableAsync());
        }

        await Task.WhenAll(silos.Select(s => Task.Run(() => s.ReadAllAsync(Ct), Ct)));
        return silos;
    }

    private static async Task<bool[]> RaceAsync(int racers, Func<int, Task<bool>> attempt)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = Enumerable.Range(0, racers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await attempt(i);
        }, Ct)).ToArray();

        start.SetResult();
        return await Task.WhenAll(racing);
    }

    private async Task<AdoNetClusteringTable> TableAsync(string clusterId = ClusterId)
    {
        var table = NewTable(clusterId);
        await table.InitializeMembershipTableAsync(true, Ct);
        return table;
    }

    private AdoNetClusteringTable NewTable(string clusterId = ClusterId) => new(
        NoServices,
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "artifactkeeper" }),
        Options.Create(new AdoNetClusteringSiloOptions { Invariant = OrleansSchemaDatabase.Invariant, ConnectionString = _database.ConnectionString }),
        NullLogger<AdoNetClusteringTable>.Instance);

    private async Task<AdoNetGatewayListProvider> GatewaysAsync()
    {
        var provider = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            NoServices,
            Options.Create(new AdoNetClusteringClientOptions { Invariant = OrleansSchemaDatabase.Invariant, ConnectionString = _database.ConnectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = ClusterId, ServiceId = "artifactkeeper" }));
        await provider.InitializeGatewayListProviderAsync(Ct);
        return provider;
    }

    private static async Task InsertAsync(AdoNetClusteringTable table, MembershipEntry entry)
    {
        var version = (await table.ReadAllAsync(Ct)).Version;
        Assert.True(await table.InsertRowAsync(entry, version.Next(), Ct), $"insert of {entry.SiloAddress} at {version}");
    }

    /// <summary>Silo <paramref name="n"/>: its own address, generation and names; times on whole milliseconds.</summary>
    private static MembershipEntry Entry(int n, SiloStatus status = SiloStatus.Joining, int? proxyPort = null, DateTime? iAmAlive = null) => new()
    {
        SiloAddress = SiloAddress.New(new IPAddress([10, 0, (byte)(n / 200), (byte)((n % 200) + 1)]), 11111, 1000 + n),
        Status = status,
        ProxyPort = proxyPort ?? 30000 + n,
        HostName = $"host-{n}",
        SiloName = $"silo-{n:D4}",
        StartTime = Now.AddMinutes(-n),
        IAmAliveTime = iAmAlive ?? Now,
    };

    private static MembershipEntry Copy(MembershipEntry entry) => new()
    {
        SiloAddress = entry.SiloAddress,
        Status = entry.Status,
        SuspectTimes = entry.SuspectTimes is null ? null : [.. entry.SuspectTimes],
        ProxyPort = entry.ProxyPort,
        HostName = entry.HostName,
        SiloName = entry.SiloName,
        StartTime = entry.StartTime,
        IAmAliveTime = entry.IAmAliveTime,
    };

    private static string GatewayUri(MembershipEntry entry) =>
        SiloAddress.New(entry.SiloAddress.Endpoint.Address, entry.ProxyPort, entry.SiloAddress.Generation).ToGatewayUri().ToString();

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.SiloAddress.Generation, actual.SiloAddress.Generation);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(DateTimeKind.Utc, actual.StartTime.Kind);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, actual.IAmAliveTime.Kind);
        Assert.Equal(
            expected.SuspectTimes?.Select(s => (s.Item1, s.Item2)) ?? [],
            actual.SuspectTimes?.Select(s => (s.Item1, s.Item2)) ?? []);
    }
}
