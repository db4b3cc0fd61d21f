using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Executions started from a policy keep the policy as it was (migration 25) and never outlive it, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task StartReplicationExecution_keeps_the_policy_as_it_started_through_later_edits()
    {
        var store = await StoreAsync();
        var policy = (await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed("rp-start-" + Guid.NewGuid().ToString("N")[..8]), Ct))!;

        var id = await store.StartReplicationExecutionAsync(policy, ReplicationTriggers.Scheduled, T0, Ct);
        var edited = policy with { Filters = [ReplicationFilter.Name("other/**")], DestNamespace = "elsewhere", Speed = 1, Override = false, UpdateTime = T0.AddHours(1) };
        Assert.Equal(ReplicationPolicyChange.Changed, await store.TryUpdateReplicationPolicyAsync(edited, Ct));
        var other = await CreateStoreAsync();

        Assert.NotNull(id);
        var started = await other.GetReplicationExecutionPolicyAsync(id.Value, Ct);
        AssertSamePolicy(policy, started);
        Assert.Equal(policy.Id, started!.Id);
        Assert.Equal(
            new ReplicationExecutionRecord(
                id.Value, policy.Id, ReplicationTriggers.Scheduled, policy.Route, ReplicationStatuses.InProgress, string.Empty, false, null, ReplicationTaskCounts.None, T0, null),
            await other.GetReplicationExecutionAsync(id.Value, Ct));
        AssertSamePolicy(edited, await other.GetReplicationPolicyAsync(policy.Id, Ct));
    }

    [Fact]
    public async Task GetReplicationExecutionPolicy_is_null_for_an_execution_created_without_a_copy_or_missing()
    {
        var store = await StoreAsync();
        var id = await store.CreateReplicationExecutionAsync(77, ReplicationTriggers.Manual, PushRoute, T0, Ct);

        Assert.Null(await store.GetReplicationExecutionPolicyAsync(id, Ct));
        Assert.Null(await store.GetReplicationExecutionPolicyAsync(id + 1000, Ct));
    }

    [Fact]
    public async Task StartReplicationExecution_of_a_deleted_policy_stores_nothing()
    {
        var store = await StoreAsync();
        var policy = (await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed("rp-gone-" + Guid.NewGuid().ToString("N")[..8]), Ct))!;
        Assert.Equal(ReplicationPolicyDeletion.Deleted, await store.DeleteReplicationPolicyAsync(policy.Id, Ct));

        Assert.Null(await store.StartReplicationExecutionAsync(policy, ReplicationTriggers.Manual, T0, Ct));
        Assert.Equal(0, (await store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(policy.Id, null, null), 1, 10, Ct)).Total);
        Assert.False(await store.HasActiveReplicationExecutionAsync(policy.Id, Ct));
    }

    [Fact]
    public async Task A_started_execution_holds_off_the_delete_and_goes_with_its_copy_when_the_policy_is_deleted()
    {
        var store = await StoreAsync();
        var policy = (await store.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed("rp-held-" + Guid.NewGuid().ToString("N")[..8]), Ct))!;
        var id = (await store.StartReplicationExecutionAsync(policy, ReplicationTriggers.Manual, T0, Ct))!.Value;

        Assert.Equal(ReplicationPolicyDeletion.Running, await store.DeleteReplicationPolicyAsync(policy.Id, Ct));
        await store.FinishReplicationExecutionAsync(id, ReplicationStatuses.Succeed, string.Empty, T0, Ct);
        Assert.Equal(ReplicationPolicyDeletion.Deleted, await store.DeleteReplicationPolicyAsync(policy.Id, Ct));

        Assert.Null(await store.GetReplicationExecutionAsync(id, Ct));
        Assert.Null(await store.GetReplicationExecutionPolicyAsync(id, Ct));
    }

    /// <summary>
    /// Starts and deletes of the same policy from two store instances at once: whichever wins, no execution is left
    /// behind without its policy, and the loser is refused (a null start, or a delete answered Running).
    /// </summary>
    [Fact]
    public async Task A_start_racing_a_delete_never_leaves_an_execution_of_a_deleted_policy()
    {
        var starter = await StoreAsync();
        var deleter = await CreateStoreAsync();
        for (var round = 0; round < 12; round++)
        {
            var policy = (await starter.TryCreateReplicationPolicyAsync(ReplicationPolicyNamed($"rp-race-{round}-" + Guid.NewGuid().ToString("N")[..8]), Ct))!;
            var start = Task.Run(() => starter.StartReplicationExecutionAsync(policy, ReplicationTriggers.Manual, T0, Ct), Ct);
            var delete = Task.Run(() => deleter.DeleteReplicationPolicyAsync(policy.Id, Ct), Ct);
            var (started, deleted) = (await start, await delete);

            var executions = (await starter.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(policy.Id, null, null), 1, 10, Ct)).Total;
            var stored = await starter.GetReplicationPolicyAsync(policy.Id, Ct);
            if (started is { } id)
            {
                Assert.Equal((ReplicationPolicyDeletion.Running, 1L, true), (deleted, executions, stored is not null));
                AssertSamePolicy(policy, await starter.GetReplicationExecutionPolicyAsync(id, Ct));
            }
            else
            {
                Assert.Equal((ReplicationPolicyDeletion.Deleted, 0L, true), (deleted, executions, stored is null));
            }
        }
    }
}
