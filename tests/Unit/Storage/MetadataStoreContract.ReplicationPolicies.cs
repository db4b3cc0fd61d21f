using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Replication policies (migration 21), on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private static ReplicationPolicy ReplicationPolicyNamed(string name, long? source = null, long? destination = 5) =>
        new(
            0, name, "desc " + name, "admin", source, destination, "mirror/eu", 1,
            [ReplicationFilter.Name("library/**"), ReplicationFilter.Tag("v*", "excludes"), ReplicationFilter.Label(["prod", "eu"], "matches"), ReplicationFilter.Resource("image")],
            new ReplicationTrigger(ReplicationTriggers.Scheduled, "0 30 2 * * *"), true, true, true, 2048, true, true, T0, T0.AddSeconds(1));

    /// <summary>Policies compare field by field, filters included (records compare lists by reference).</summary>
    private static void AssertSamePolicy(ReplicationPolicy expected, ReplicationPolicy? actual)
    {
        Assert.NotNull(actual);
        var noFilters = Array.Empty<ReplicationFilter>();
        Assert.Equal(expected with { Filters = noFilters, Id = 0 }, actual with { Filters = noFilters, Id = 0 });
        Assert.Equal(
            expected.Filters.Select(f => (f.Type, f.Value, string.Join(",", f.Labels ?? []), f.Labels is null, f.Decoration)),
            actual.Filters.Select(f => (f.Type, f.Value, string.Join(",", f.Labels ?? []), f.Labels is null, f.Decoration)));
    }

    [Fact]
    public async Task TryCreateReplicationPolicy_stores_every_field_and_refuses_a_taken_name()
    {
        var store = await StoreAsync();
        var policy = ReplicationPolicyNamed("rp-create-" + Guid.NewGuid().ToString("N")[..8]);

        var created = await store.TryCreateReplicationPolicyAsync(policy, Ct);

        Assert.NotNull(created);
        Assert.True(created.Id > 0);
        AssertSamePolicy(policy, created);
        AssertSamePolicy(policy, await (await CreateStoreAsync()).GetReplicationPolicyAsync(created.Id, Ct));
        Assert.Null(await store.TryCreateReplicationPolicyAsync(policy with { Description = "other" }, Ct));
        Assert.Null(await store.GetReplicationPolicyAsync(created.Id + 1000, Ct));
    }

    [Fact]
    public async Task A_pull_policy_keeps_its_null_destination_and_a_manual_one_no_cron()
    {
        var store = await StoreAsync();
        var policy = ReplicationPolicyNamed("rp-pull-" + Guid.NewGuid().ToString("N")[..8], source: 9, destination: null) with
        {
            Trigger = ReplicationTrigger.Manual,
            Filters = [],
            DestNamespace = "",
            DestNamespaceReplaceCount = -1,
        };

        var created = await store.TryCreateReplicationPolicyAsync(policy, Ct);

        AssertSamePolicy(policy, await store.GetReplicationPolicyAsync(created!.Id, Ct));
    }

    [Fact]
    public async Task TryUpdateReplicationPolicy_replaces_fields_but_keeps_creator_and_creation_time()
    {
        var store = await StoreAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var first = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed("rp-a-" + suffix), Ct);
        var second = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed("rp-b-" + suffix), Ct);
        var changed = first! with
        {
            Name = "rp-c-" + suffix,
            Creator = "someone-else",
            CreationTime = T0.AddDays(9),
            UpdateTime = T0.AddMinutes(5),
            Enabled = false,
            Filters = [ReplicationFilter.Tag("**")],
            Trigger = new ReplicationTrigger(ReplicationTriggers.EventBased, null),
            SourceRegistryId = 4,
            DestinationRegistryId = null,
            Speed = 0,
        };

        Assert.Equal(ReplicationPolicyChange.Changed, await store.TryUpdateReplicationPolicyAsync(changed, Ct));
        Assert.Equal(ReplicationPolicyChange.Duplicate, await store.TryUpdateReplicationPolicyAsync(changed with { Id = second!.Id }, Ct));
        Assert.Equal(ReplicationPolicyChange.NotFound, await store.TryUpdateReplicationPolicyAsync(changed with { Id = second.Id + 1000, Name = "rp-d-" + suffix }, Ct));

        AssertSamePolicy(changed with { Creator = first.Creator, CreationTime = first.CreationTime }, await store.GetReplicationPolicyAsync(first.Id, Ct));
        AssertSamePolicy(second, await store.GetReplicationPolicyAsync(second.Id, Ct));
    }

    [Fact]
    public async Task DeleteReplicationPolicy_removes_it_once()
    {
        var store = await StoreAsync();
        var created = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed("rp-del-" + Guid.NewGuid().ToString("N")[..8]), Ct);

        Assert.Equal(ReplicationPolicyDeletion.Deleted, await store.DeleteReplicationPolicyAsync(created!.Id, Ct));
        Assert.Equal(ReplicationPolicyDeletion.NotFound, await store.DeleteReplicationPolicyAsync(created.Id, Ct));
        Assert.Null(await store.GetReplicationPolicyAsync(created.Id, Ct));
    }

    [Fact]
    public async Task DeleteReplicationPolicy_is_refused_while_an_execution_runs_and_then_takes_its_executions_and_tasks()
    {
        var store = await StoreAsync();
        var policy = (await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed("rp-del-run-" + Guid.NewGuid().ToString("N")[..8]), Ct))!;
        var other = (await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed("rp-del-other-" + Guid.NewGuid().ToString("N")[..8]), Ct))!;
        var item = new ReplicationItem(ReplicationOperation.Copy, "image", "library/app", "sha256:" + new string('d', 64), ["v1"], "mirror/app");
        var done = await store.CreateReplicationExecutionAsync(policy.Id, ReplicationTriggers.Manual, policy.Route, T0, Ct);
        await store.AddReplicationTasksAsync(done, 5, [item], T0, Ct);
        var doneTask = Assert.Single((await store.ListReplicationTasksAsync(done, null, null, 1, 10, Ct)).Items);
        await store.StopReplicationExecutionAsync(done, T0, Ct);
        var running = await store.CreateReplicationExecutionAsync(policy.Id, ReplicationTriggers.Manual, policy.Route, T0, Ct);
        await store.AddReplicationTasksAsync(running, 5, [item], T0, Ct);
        var kept = await store.CreateReplicationExecutionAsync(other.Id, ReplicationTriggers.Manual, other.Route, T0, Ct);
        await store.AddReplicationTasksAsync(kept, 5, [item], T0, Ct);

        Assert.Equal(ReplicationPolicyDeletion.Running, await store.DeleteReplicationPolicyAsync(policy.Id, Ct));
        Assert.NotNull(await store.GetReplicationPolicyAsync(policy.Id, Ct));
        Assert.NotNull(await store.GetReplicationExecutionAsync(done, Ct));
        Assert.NotNull(await store.GetReplicationTaskAsync(doneTask.Id, Ct));

        await store.FinishReplicationExecutionAsync(running, ReplicationStatuses.Failed, "failed", T0, Ct);
        Assert.Equal(ReplicationPolicyDeletion.Deleted, await store.DeleteReplicationPolicyAsync(policy.Id, Ct));

        Assert.Null(await store.GetReplicationPolicyAsync(policy.Id, Ct));
        Assert.Null(await store.GetReplicationExecutionAsync(done, Ct));
        Assert.Null(await store.GetReplicationExecutionAsync(running, Ct));
        Assert.Null(await store.GetReplicationTaskAsync(doneTask.Id, Ct));
        Assert.Equal(0, (await store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(policy.Id, null, null), 1, 10, Ct)).Total);
        Assert.Equal(1, (await store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(other.Id, null, null), 1, 10, Ct)).Total);
        Assert.Single((await store.ListReplicationTasksAsync(kept, null, null, 1, 10, Ct)).Items);
    }

    [Fact]
    public async Task ListReplicationPolicies_filters_by_name_and_registry_and_pages_by_id()
    {
        var store = await StoreAsync();
        var tag = "rpl" + Guid.NewGuid().ToString("N")[..8];
        var registry = Random.Shared.NextInt64(100_000, 1_000_000);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var created = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed($"{tag}-{i}", destination: i < 3 ? registry : registry + 1), Ct);
            ids.Add(created!.Id);
        }

        var fuzzy = new Dictionary<string, QueryValue> { [ReplicationPolicyFields.Name] = new FuzzyValue(tag.ToUpperInvariant()) };
        var page = await store.ListReplicationPoliciesAsync(new ListQuery(fuzzy, [], 2, 2), Ct);
        Assert.Equal(5, page.Total);
        Assert.Equal(ids.Skip(2).Take(2), page.Items.Select(p => p.Id));

        var exact = await store.ListReplicationPoliciesAsync(
            new ListQuery(new Dictionary<string, QueryValue> { [ReplicationPolicyFields.Name] = new ExactValue(tag + "-4") }, [], 1, 10), Ct);
        Assert.Equal([ids[4]], exact.Items.Select(p => p.Id));

        var byDestination = await store.ListReplicationPoliciesAsync(
            new ListQuery(
                new Dictionary<string, QueryValue>
                {
                    [ReplicationPolicyFields.DestinationRegistryId] = new ExactValue(registry.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                },
                [new SortKey(ReplicationPolicyFields.Name, Descending: true)],
                1,
                10),
            Ct);
        Assert.Equal([ids[2], ids[1], ids[0]], byDestination.Items.Select(p => p.Id));
        Assert.Equal(3, byDestination.Total);
    }

    [Fact]
    public async Task ListReplicationPoliciesOfRegistry_finds_policies_on_either_side()
    {
        var store = await StoreAsync();
        var tag = "rpr" + Guid.NewGuid().ToString("N")[..8];
        var registry = Random.Shared.NextInt64(1_000_000, 2_000_000);
        var push = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed(tag + "-push", destination: registry), Ct);
        var pull = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed(tag + "-pull", source: registry, destination: null), Ct);
        await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed(tag + "-other", destination: registry + 1), Ct);

        Assert.Equal([push!.Id, pull!.Id], (await store.ListReplicationPoliciesOfRegistryAsync(registry, Ct)).Select(p => p.Id));
        Assert.Empty(await store.ListReplicationPoliciesOfRegistryAsync(registry + 2, Ct));
    }

    [Fact]
    public async Task ListEventBasedReplicationPolicies_answers_enabled_event_based_push_policies_only()
    {
        var store = await StoreAsync();
        var tag = "rpe" + Guid.NewGuid().ToString("N")[..8];
        var eventBased = new ReplicationTrigger(ReplicationTriggers.EventBased, null);
        var wanted = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed(tag + "-1") with { Trigger = eventBased }, Ct);
        var disabled = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed(tag + "-2") with { Trigger = eventBased, Enabled = false }, Ct);
        var pull = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed(tag + "-3", source: 3, destination: null) with { Trigger = eventBased }, Ct);
        var scheduled = await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed(tag + "-4"), Ct);

        var found = (await store.ListEventBasedReplicationPoliciesAsync(Ct)).Select(p => p.Id).ToList();

        Assert.Contains(wanted!.Id, found);
        Assert.DoesNotContain(disabled!.Id, found);
        Assert.DoesNotContain(pull!.Id, found);
        Assert.DoesNotContain(scheduled!.Id, found);
    }
}
