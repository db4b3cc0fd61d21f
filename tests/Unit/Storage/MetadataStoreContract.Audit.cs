using ArtifactKeeper.Audit;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>The audit log: batched appends, the Harbor listing (filters, sorts, paging, project scope) and purge, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static AuditEvent Audit(
        string username, string resource, string operation, int minutes, long? projectId = 1, string type = AuditEvents.Artifact, bool succeeded = true) =>
        new(username, resource, type, operation, succeeded, T0.AddMinutes(minutes), projectId, $"{operation} {resource}");

    /// <summary>
    /// alice pushes lib/a:1 (p1, t0), bob pulls lib/a:1 (p1, t1), alice deletes other/b@sha256:x (p2, t2),
    /// a failed login of mallory (no project, t3), bob pulls LIB/Upper:2 (p1, t4).
    /// </summary>
    private async Task<IMetadataStore> SeedAuditAsync()
    {
        var store = await StoreAsync();
        await store.AppendAuditEventsAsync(
            [
                Audit("alice", "lib/a:1", AuditEvents.Create, 0),
                Audit("bob", "lib/a:1", AuditEvents.Pull, 1),
                Audit("alice", "other/b@sha256:x", AuditEvents.Delete, 2, projectId: 2),
                Audit("mallory", "mallory", AuditEvents.Login, 3, projectId: null, type: AuditEvents.User, succeeded: false),
            ],
            Ct);
        await store.AppendAuditEventsAsync([Audit("bob", "LIB/Upper:2", AuditEvents.Pull, 4)], Ct);
        return store;
    }

    private static AuditLogQuery AuditQuery(
        AuditFilter[]? filters = null, AuditSort[]? sorts = null, int page = 1, int pageSize = 10, long[]? projects = null) =>
        new(filters ?? [], sorts ?? [], page, pageSize, projects);

    private static async Task<List<string>> AuditKeysAsync(IMetadataStore store, AuditLogQuery query) =>
        (await store.ListAuditLogsAsync(query, Ct)).Items.Select(e => $"{e.Event.Username}:{e.Event.Operation}:{e.Event.Resource}").ToList();

    [Fact]
    public async Task AppendAuditEvents_then_list_returns_every_field_newest_first()
    {
        var store = await SeedAuditAsync();

        var page = await store.ListAuditLogsAsync(AuditQuery(), Ct);

        Assert.Equal(5, page.Total);
        Assert.Equal(
            ["bob:pull:LIB/Upper:2", "mallory:login:mallory", "alice:delete:other/b@sha256:x", "bob:pull:lib/a:1", "alice:create:lib/a:1"],
            page.Items.Select(e => $"{e.Event.Username}:{e.Event.Operation}:{e.Event.Resource}"));
        Assert.Equal(Audit("mallory", "mallory", AuditEvents.Login, 3, projectId: null, type: AuditEvents.User, succeeded: false), page.Items[1].Event);
        Assert.Equal(Audit("alice", "other/b@sha256:x", AuditEvents.Delete, 2, projectId: 2), page.Items[2].Event);
        Assert.True(page.Items.Zip(page.Items.Skip(1)).All(p => p.First.Id > p.Second.Id), "ids grow in append order");
    }

    [Fact]
    public async Task AppendAuditEvents_of_one_batch_with_one_time_keeps_list_order_in_ids()
    {
        var store = await StoreAsync();
        await store.AppendAuditEventsAsync(Enumerable.Range(0, 150).Select(i => Audit("u", $"r{i:D3}", AuditEvents.Pull, 0)).ToList(), Ct);

        var page = await store.ListAuditLogsAsync(AuditQuery(pageSize: 200), Ct);

        Assert.Equal(Enumerable.Range(0, 150).Reverse().Select(i => $"r{i:D3}"), page.Items.Select(e => e.Event.Resource));
    }

    [Fact]
    public async Task ListAuditLogs_filters_exact_fuzzy_lists_and_time_ranges()
    {
        var store = await SeedAuditAsync();
        static string Ms(int minutes) => T0.AddMinutes(minutes).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(
            ["bob:pull:LIB/Upper:2", "bob:pull:lib/a:1"],
            await AuditKeysAsync(store, AuditQuery([new(AuditLogFields.Username, AuditMatch.Exact, ["bob"])])));
        Assert.Equal(
            ["bob:pull:LIB/Upper:2", "bob:pull:lib/a:1", "alice:create:lib/a:1"],
            await AuditKeysAsync(store, AuditQuery([new(AuditLogFields.Resource, AuditMatch.Fuzzy, ["lib/"])])));
        Assert.Empty(await AuditKeysAsync(store, AuditQuery([new(AuditLogFields.Resource, AuditMatch.Fuzzy, ["%"])])));
        Assert.Equal(
            ["mallory:login:mallory", "alice:delete:other/b@sha256:x"],
            await AuditKeysAsync(store, AuditQuery([new(AuditLogFields.Operation, AuditMatch.AnyOf, ["delete", "login"])])));
        Assert.Equal(
            ["mallory:login:mallory", "alice:delete:other/b@sha256:x", "bob:pull:lib/a:1"],
            await AuditKeysAsync(store, AuditQuery([new(AuditLogFields.OpTime, AuditMatch.Range, [Ms(1), Ms(3)])])));
        Assert.Equal(
            ["bob:pull:LIB/Upper:2", "mallory:login:mallory"],
            await AuditKeysAsync(store, AuditQuery([new(AuditLogFields.OpTime, AuditMatch.Range, [Ms(3), string.Empty])])));
        Assert.Equal(
            ["bob:pull:lib/a:1"],
            await AuditKeysAsync(store, AuditQuery([
                new(AuditLogFields.Username, AuditMatch.Exact, ["bob"]),
                new(AuditLogFields.ResourceType, AuditMatch.Exact, ["artifact"]),
                new(AuditLogFields.Resource, AuditMatch.Exact, ["lib/a:1"]),
            ])));
    }

    [Fact]
    public async Task ListAuditLogs_limits_to_the_given_projects_and_an_empty_list_to_none()
    {
        var store = await SeedAuditAsync();

        Assert.Equal(["alice:delete:other/b@sha256:x"], await AuditKeysAsync(store, AuditQuery(projects: [2])));
        Assert.Equal(4, (await store.ListAuditLogsAsync(AuditQuery(projects: [1, 2]), Ct)).Total);
        var none = await store.ListAuditLogsAsync(AuditQuery(projects: []), Ct);
        Assert.Equal((0L, 0), (none.Total, none.Items.Count));
    }

    [Fact]
    public async Task ListAuditLogs_sorts_and_pages_with_the_total_of_all_pages()
    {
        var store = await SeedAuditAsync();
        var byUser = new[] { new AuditSort(AuditLogFields.Username, false), new AuditSort(AuditLogFields.OpTime, false) };

        var first = await store.ListAuditLogsAsync(AuditQuery(sorts: byUser, page: 1, pageSize: 2), Ct);
        var second = await store.ListAuditLogsAsync(AuditQuery(sorts: byUser, page: 2, pageSize: 2), Ct);
        var beyond = await store.ListAuditLogsAsync(AuditQuery(sorts: byUser, page: 4, pageSize: 2), Ct);

        Assert.Equal(["alice:create:lib/a:1", "alice:delete:other/b@sha256:x"], first.Items.Select(e => $"{e.Event.Username}:{e.Event.Operation}:{e.Event.Resource}"));
        Assert.Equal(["bob:pull:lib/a:1", "bob:pull:LIB/Upper:2"], second.Items.Select(e => $"{e.Event.Username}:{e.Event.Operation}:{e.Event.Resource}"));
        Assert.Empty(beyond.Items);
        Assert.Equal([5L, 5L, 5L], new[] { first.Total, second.Total, beyond.Total });
    }

    [Fact]
    public async Task PurgeAuditLogs_deletes_only_records_before_the_cutoff()
    {
        var store = await SeedAuditAsync();

        var purged = await store.PurgeAuditLogsAsync(T0.AddMinutes(2), Ct);
        var again = await store.PurgeAuditLogsAsync(T0.AddMinutes(2), Ct);

        Assert.Equal((2L, 0L), (purged, again));
        Assert.Equal(
            ["bob:pull:LIB/Upper:2", "mallory:login:mallory", "alice:delete:other/b@sha256:x"],
            await AuditKeysAsync(store, AuditQuery()));
    }

    [Fact]
    public async Task AppendAuditEvents_with_no_events_writes_nothing()
    {
        var store = await StoreAsync();

        await store.AppendAuditEventsAsync([], Ct);

        Assert.Equal(0, (await store.ListAuditLogsAsync(AuditQuery(), Ct)).Total);
    }
}
