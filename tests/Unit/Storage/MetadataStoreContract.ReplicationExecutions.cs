using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Replication executions and their tasks, which are also the per-target transfer queue, on every backend.</summary>
public abstract partial class MetadataStoreContract
{
    private const string Owner = "activation-a";
    private const string OtherOwner = "activation-b";

    private static readonly ReplicationRoute PushRoute = new(null, 7, Override: true, SpeedKibPerSecond: 512, CopyByChunk: true);

    private static ReplicationItem Item(string repository, string digest, params string[] tags) =>
        new(ReplicationOperation.Copy, "image", "lib/" + repository, digest, tags, "mirror/" + repository);

    private async Task<(IMetadataStore Store, long Execution)> ExecutionWithTasksAsync(int tasks, long target = 7, long policy = 1)
    {
        var store = await StoreAsync();
        var execution = await store.CreateReplicationExecutionAsync(policy, ReplicationTriggers.Manual, PushRoute, T0, Ct);
        var items = Enumerable.Range(1, tasks).Select(i => Item("app" + i, "sha256:" + i.ToString("x64", null))).ToList();
        Assert.Equal(tasks, await store.AddReplicationTasksAsync(execution, target, items, T0, Ct));
        return (store, execution);
    }

    [Fact]
    public async Task CreateReplicationExecution_then_get_returns_every_field_and_it_is_active()
    {
        var store = await StoreAsync();
        var pull = new ReplicationRoute(3, null, Override: false, SpeedKibPerSecond: -1, CopyByChunk: false);

        var id = await store.CreateReplicationExecutionAsync(42, ReplicationTriggers.Scheduled, pull, T0, Ct);
        var other = await CreateStoreAsync();

        Assert.Equal(
            new ReplicationExecutionRecord(
                id, 42, ReplicationTriggers.Scheduled, pull, ReplicationStatuses.InProgress, string.Empty, false, null, ReplicationTaskCounts.None, T0, null),
            await other.GetReplicationExecutionAsync(id, Ct));
        Assert.True(await other.HasActiveReplicationExecutionAsync(42, Ct));
        Assert.False(await other.HasActiveReplicationExecutionAsync(43, Ct));
        Assert.Null(await other.GetReplicationExecutionAsync(id + 1000, Ct));
    }

    [Fact]
    public async Task AddReplicationTasks_stores_pending_tasks_with_the_items_and_counts_them()
    {
        var store = await StoreAsync();
        var execution = await store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, PushRoute, T0, Ct);
        ReplicationItem[] items =
        [
            Item("a", "sha256:aa", "v1", "latest"),
            new(ReplicationOperation.Delete, "artifact", "lib/b", "sha256:bb", [], "mirror/b"),
        ];

        Assert.Equal(2, await store.AddReplicationTasksAsync(execution, 7, items, T0, Ct));
        var tasks = await (await CreateStoreAsync()).ListReplicationTasksAsync(execution, null, null, 1, 10, Ct);

        Assert.Equal(2, tasks.Total);
        Assert.Equal(items, tasks.Items.Select(t => t.Item), new ItemComparer());
        Assert.All(tasks.Items, t =>
        {
            Assert.Equal((execution, 7L, ReplicationStatuses.Pending, 0, T0, 0L, T0), (t.ExecutionId, t.TargetKey, t.Status, t.Attempts, t.DueAt, t.BytesSent, t.CreationTime));
            Assert.Null(t.StartTime);
            Assert.Null(t.EndTime);
        });
        Assert.Equal(new ReplicationTaskCounts(2, 0, 0, 2, 0), (await store.GetReplicationExecutionAsync(execution, Ct))!.Tasks);
        Assert.Equal(string.Empty, await store.GetReplicationTaskLogAsync(tasks.Items[0].Id, Ct));
    }

    [Fact]
    public async Task ListReplicationTasks_filters_by_status_and_resource_type_and_pages_in_id_order()
    {
        var (store, execution) = await ExecutionWithTasksAsync(5);
        await store.AddReplicationTasksAsync(execution, 7, [new ReplicationItem(ReplicationOperation.Copy, "artifact", "lib/x", "sha256:x", [], "m/x")], T0, Ct);
        var claimed = await store.ClaimReplicationTasksAsync(7, Owner, 2, T0, Ct);

        var page2 = await store.ListReplicationTasksAsync(execution, null, null, 2, 2, Ct);
        var running = await store.ListReplicationTasksAsync(execution, ReplicationStatuses.InProgress, null, 1, 10, Ct);
        var artifacts = await store.ListReplicationTasksAsync(execution, null, "artifact", 1, 10, Ct);
        var none = await store.ListReplicationTasksAsync(execution, ReplicationStatuses.Failed, "image", 1, 10, Ct);

        Assert.Equal(6, page2.Total);
        Assert.Equal(2, page2.Items.Count);
        var all = (await store.ListReplicationTasksAsync(execution, null, null, 1, 10, Ct)).Items.Select(t => t.Id).ToList();
        Assert.Equal(all.Order(), all);
        Assert.Equal(all.Skip(2).Take(2), page2.Items.Select(t => t.Id));
        Assert.Equal(claimed.Select(t => t.Id).Order(), running.Items.Select(t => t.Id));
        Assert.Equal("lib/x", Assert.Single(artifacts.Items).Item.SourceRepository);
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public async Task ListReplicationExecutions_filters_and_answers_newest_first_with_the_total()
    {
        var store = await StoreAsync();
        var first = await store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, PushRoute, T0, Ct);
        var second = await store.CreateReplicationExecutionAsync(2, ReplicationTriggers.EventBased, PushRoute, T0.AddMinutes(1), Ct);
        var third = await store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Scheduled, PushRoute, T0.AddMinutes(2), Ct);
        await store.FinishReplicationExecutionAsync(first, ReplicationStatuses.Succeed, string.Empty, T0.AddMinutes(3), Ct);

        var all = await store.ListReplicationExecutionsAsync(ReplicationExecutionFilter.All, 1, 2, Ct);
        var policy1 = await store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(1, null, null), 1, 10, Ct);
        var succeeded = await store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(null, ReplicationStatuses.Succeed, null), 1, 10, Ct);
        var events = await store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(null, null, ReplicationTriggers.EventBased), 1, 10, Ct);
        var nothing = await store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(2, ReplicationStatuses.Succeed, null), 1, 10, Ct);

        Assert.Equal(3, all.Total);
        Assert.Equal([third, second], all.Items.Select(e => e.Id));
        Assert.Equal([third, first], policy1.Items.Select(e => e.Id));
        Assert.Equal(first, Assert.Single(succeeded.Items).Id);
        Assert.Equal(T0.AddMinutes(3), succeeded.Items[0].EndTime);
        Assert.Equal(second, Assert.Single(events.Items).Id);
        Assert.Equal(0, nothing.Total);
        Assert.Empty(nothing.Items);
    }

    [Fact]
    public async Task ClaimReplicationTasks_takes_due_pending_tasks_of_the_target_once_oldest_due_first()
    {
        var (store, execution) = await ExecutionWithTasksAsync(3);
        await store.AddReplicationTasksAsync(execution, 8, [Item("elsewhere", "sha256:e")], T0, Ct);
        var later = (await store.ClaimReplicationTasksAsync(7, Owner, 1, T0, Ct))[0];
        await store.RescheduleReplicationTaskAsync(later.Id, Owner, 1, T0.AddMinutes(5), 0, "retry\n", Ct);

        var first = await store.ClaimReplicationTasksAsync(7, Owner, 10, T0.AddMinutes(1), Ct);
        var again = await store.ClaimReplicationTasksAsync(7, OtherOwner, 10, T0.AddMinutes(1), Ct);
        var nextDue = await store.NextReplicationTaskDueAsync(7, Ct);
        var afterDue = await store.ClaimReplicationTasksAsync(7, OtherOwner, 10, T0.AddMinutes(5), Ct);

        Assert.Equal(2, first.Count);
        Assert.DoesNotContain(later.Id, first.Select(t => t.Id));
        Assert.All(first, t => Assert.Equal((ReplicationStatuses.InProgress, T0.AddMinutes(1)), (t.Status, t.StartTime!.Value)));
        Assert.Empty(again);
        Assert.Equal(later.Id, Assert.Single(afterDue).Id);
        Assert.Equal(T0, afterDue[0].StartTime);
        Assert.Equal(1, afterDue[0].Attempts);
        Assert.Equal(T0.AddMinutes(5), nextDue);
        Assert.Null(await store.NextReplicationTaskDueAsync(7, Ct));
        Assert.Equal(T0, await store.NextReplicationTaskDueAsync(8, Ct));
    }

    [Fact]
    public async Task Finish_and_reschedule_of_a_task_need_its_owner_and_append_to_the_log()
    {
        var (store, execution) = await ExecutionWithTasksAsync(2);
        var claimed = await store.ClaimReplicationTasksAsync(7, Owner, 2, T0, Ct);
        var (done, retried) = (claimed[0], claimed[1]);

        Assert.False(await store.FinishReplicationTaskAsync(done.Id, OtherOwner, ReplicationStatuses.Succeed, 1, 10, "x\n", T0, Ct));
        Assert.True(await store.FinishReplicationTaskAsync(done.Id, Owner, ReplicationStatuses.Succeed, 1, 1234, "copied\n", T0.AddSeconds(9), Ct));
        Assert.False(await store.FinishReplicationTaskAsync(done.Id, Owner, ReplicationStatuses.Failed, 2, 0, "again\n", T0, Ct));
        Assert.False(await store.RescheduleReplicationTaskAsync(retried.Id, OtherOwner, 1, T0, 0, "x\n", Ct));
        Assert.True(await store.RescheduleReplicationTaskAsync(retried.Id, Owner, 1, T0.AddSeconds(4), 99, "attempt 1 failed\n", Ct));
        var stored = await (await CreateStoreAsync()).GetReplicationTaskAsync(done.Id, Ct);
        var queued = await store.GetReplicationTaskAsync(retried.Id, Ct);

        Assert.Equal((ReplicationStatuses.Succeed, 1, 1234L, T0.AddSeconds(9)), (stored!.Status, stored.Attempts, stored.BytesSent, stored.EndTime!.Value));
        Assert.Equal("copied\n", await store.GetReplicationTaskLogAsync(done.Id, Ct));
        Assert.Equal((ReplicationStatuses.Pending, 1, T0.AddSeconds(4), 99L), (queued!.Status, queued.Attempts, queued.DueAt, queued.BytesSent));
        Assert.Equal("attempt 1 failed\n", await store.GetReplicationTaskLogAsync(retried.Id, Ct));
        Assert.Equal(new ReplicationTaskCounts(2, 1, 0, 1, 0), (await store.GetReplicationExecutionAsync(execution, Ct))!.Tasks);
    }

    [Fact]
    public async Task A_task_log_keeps_the_newest_text_up_to_the_limit()
    {
        var (store, _) = await ExecutionWithTasksAsync(1);
        var task = (await store.ClaimReplicationTasksAsync(7, Owner, 1, T0, Ct))[0];
        var old = new string('o', IReplicationExecutionMetadata.TaskLogLimit);
        await store.RescheduleReplicationTaskAsync(task.Id, Owner, 1, T0, 0, old, Ct);
        await store.ClaimReplicationTasksAsync(7, Owner, 1, T0, Ct);

        await store.FinishReplicationTaskAsync(task.Id, Owner, ReplicationStatuses.Failed, 2, 0, "the end\n", T0, Ct);
        var log = await store.GetReplicationTaskLogAsync(task.Id, Ct);

        Assert.Equal(IReplicationExecutionMetadata.TaskLogLimit, log!.Length);
        Assert.EndsWith("o" + "the end\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseOrphanedReplicationTasks_requeues_what_other_owners_hold_on_that_target()
    {
        var (store, _) = await ExecutionWithTasksAsync(3);
        var lost = await store.ClaimReplicationTasksAsync(7, OtherOwner, 2, T0, Ct);
        var mine = await store.ClaimReplicationTasksAsync(7, Owner, 1, T0, Ct);

        Assert.Equal(0, await store.ReleaseOrphanedReplicationTasksAsync(8, Owner, "moved\n", T0, Ct));
        Assert.Equal(2, await store.ReleaseOrphanedReplicationTasksAsync(7, Owner, "moved\n", T0.AddMinutes(1), Ct));

        foreach (var task in lost)
        {
            var stored = await store.GetReplicationTaskAsync(task.Id, Ct);
            Assert.Equal((ReplicationStatuses.Pending, T0.AddMinutes(1)), (stored!.Status, stored.DueAt));
            Assert.Equal("moved\n", await store.GetReplicationTaskLogAsync(task.Id, Ct));
            Assert.False(await store.FinishReplicationTaskAsync(task.Id, OtherOwner, ReplicationStatuses.Succeed, 1, 0, string.Empty, T0, Ct));
        }

        Assert.Equal(ReplicationStatuses.InProgress, (await store.GetReplicationTaskAsync(mine[0].Id, Ct))!.Status);
        Assert.Equal(2, (await store.ClaimReplicationTasksAsync(7, Owner, 5, T0.AddMinutes(1), Ct)).Count);
    }

    [Fact]
    public async Task StopReplicationExecution_stops_its_queued_tasks_and_refuses_new_ones()
    {
        var (store, execution) = await ExecutionWithTasksAsync(3);
        var running = (await store.ClaimReplicationTasksAsync(7, Owner, 1, T0, Ct))[0];

        Assert.True(await store.StopReplicationExecutionAsync(execution, T0.AddMinutes(1), Ct));
        Assert.False(await store.StopReplicationExecutionAsync(execution, T0.AddMinutes(2), Ct));
        var stopped = await store.GetReplicationExecutionAsync(execution, Ct);

        Assert.Equal((ReplicationStatuses.Stopped, T0.AddMinutes(1)), (stopped!.Status, stopped.EndTime!.Value));
        Assert.Equal(new ReplicationTaskCounts(3, 0, 0, 1, 2), stopped.Tasks);
        Assert.Equal(ReplicationStatuses.InProgress, (await store.GetReplicationTaskAsync(running.Id, Ct))!.Status);
        Assert.Equal(ReplicationStatuses.InProgress, (await store.GetReplicationTaskAsync(running.Id, Ct))!.Status);
        Assert.Empty(await store.ClaimReplicationTasksAsync(7, Owner, 5, T0.AddMinutes(5), Ct));
        // Its running task, once its activation is lost, is stopped rather than queued again.
        Assert.Equal(1, await store.ReleaseOrphanedReplicationTasksAsync(7, OtherOwner, "moved\n", T0.AddMinutes(3), Ct));
        Assert.Equal(ReplicationStatuses.Stopped, (await store.GetReplicationTaskAsync(running.Id, Ct))!.Status);
        Assert.Equal(0, await store.AddReplicationTasksAsync(execution, 7, [Item("late", "sha256:late")], T0, Ct));
        Assert.False(await store.HasActiveReplicationExecutionAsync(1, Ct));
        Assert.False(await store.FinishReplicationExecutionAsync(execution, ReplicationStatuses.Succeed, string.Empty, T0, Ct));
    }

    [Fact]
    public async Task FinishReplicationExecution_and_EndReplicationPlanning_are_stored()
    {
        var (store, execution) = await ExecutionWithTasksAsync(0);

        Assert.True(await store.EndReplicationPlanningAsync(execution, "listing lib failed", Ct));
        Assert.True(await store.EndReplicationPlanningAsync(execution, null, Ct));
        Assert.False(await store.EndReplicationPlanningAsync(execution + 1000, null, Ct));
        Assert.True(await store.FinishReplicationExecutionAsync(execution, ReplicationStatuses.Failed, "listing lib failed", T0.AddHours(1), Ct));
        var ended = await (await CreateStoreAsync()).GetReplicationExecutionAsync(execution, Ct);

        Assert.Equal(
            (true, "listing lib failed", ReplicationStatuses.Failed, "listing lib failed", T0.AddHours(1)),
            (ended!.PlanningEnded, ended.PlanningError, ended.Status, ended.StatusText, ended.EndTime!.Value));
    }

    [Fact]
    public async Task RetryReplicationTasks_requeues_failed_tasks_one_or_all_and_reopens_the_execution()
    {
        var (store, execution) = await ExecutionWithTasksAsync(3);
        var claimed = await store.ClaimReplicationTasksAsync(7, Owner, 3, T0, Ct);
        await store.FinishReplicationTaskAsync(claimed[0].Id, Owner, ReplicationStatuses.Failed, 5, 10, "gave up\n", T0, Ct);
        await store.FinishReplicationTaskAsync(claimed[1].Id, Owner, ReplicationStatuses.Failed, 1, 0, "denied\n", T0, Ct);
        await store.FinishReplicationTaskAsync(claimed[2].Id, Owner, ReplicationStatuses.Succeed, 1, 0, string.Empty, T0, Ct);
        await store.EndReplicationPlanningAsync(execution, null, Ct);
        await store.FinishReplicationExecutionAsync(execution, ReplicationStatuses.Failed, "2 of 3 failed", T0, Ct);

        Assert.Equal(0, await store.RetryReplicationTasksAsync(execution, claimed[2].Id, T0.AddMinutes(1), Ct));
        Assert.Equal(1, await store.RetryReplicationTasksAsync(execution, claimed[0].Id, T0.AddMinutes(1), Ct));
        var reopened = await store.GetReplicationExecutionAsync(execution, Ct);
        var requeued = await store.GetReplicationTaskAsync(claimed[0].Id, Ct);
        Assert.Equal(1, await store.RetryReplicationTasksAsync(execution, null, T0.AddMinutes(2), Ct));
        Assert.Equal(0, await store.RetryReplicationTasksAsync(execution + 1000, null, T0, Ct));

        Assert.Equal((ReplicationStatuses.InProgress, string.Empty, (DateTimeOffset?)null), (reopened!.Status, reopened.StatusText, reopened.EndTime));
        Assert.Equal((ReplicationStatuses.Pending, 0, T0.AddMinutes(1), (DateTimeOffset?)null), (requeued!.Status, requeued.Attempts, requeued.DueAt, requeued.EndTime));
        Assert.StartsWith("gave up\n", await store.GetReplicationTaskLogAsync(claimed[0].Id, Ct), StringComparison.Ordinal);
        Assert.Equal(new ReplicationTaskCounts(3, 1, 0, 2, 0), (await store.GetReplicationExecutionAsync(execution, Ct))!.Tasks);
        Assert.True(await store.HasActiveReplicationExecutionAsync(1, Ct));
    }

    [Fact]
    public async Task ListReplicationTargetsWithWork_names_targets_with_pending_or_running_tasks()
    {
        var (store, execution) = await ExecutionWithTasksAsync(1, target: 11);
        await store.AddReplicationTasksAsync(execution, 12, [Item("b", "sha256:b")], T0, Ct);
        await store.AddReplicationTasksAsync(execution, 13, [Item("c", "sha256:c")], T0, Ct);
        var done = (await store.ClaimReplicationTasksAsync(13, Owner, 1, T0, Ct))[0];
        await store.FinishReplicationTaskAsync(done.Id, Owner, ReplicationStatuses.Succeed, 1, 0, string.Empty, T0, Ct);
        await store.ClaimReplicationTasksAsync(12, Owner, 1, T0, Ct);

        Assert.Equal([11L, 12L], await store.ListReplicationTargetsWithWorkAsync(Ct));
    }

    [Fact]
    public async Task ListUnsettledReplicationExecutions_names_running_executions_with_planning_and_every_task_over()
    {
        var (store, settled) = await ExecutionWithTasksAsync(1, target: 21);
        var (_, busy) = await ExecutionWithTasksAsync(1, target: 22);
        await ExecutionWithTasksAsync(0, target: 23);
        var (_, ended) = await ExecutionWithTasksAsync(0, target: 24);
        var done = (await store.ClaimReplicationTasksAsync(21, Owner, 1, T0, Ct))[0];
        await store.FinishReplicationTaskAsync(done.Id, Owner, ReplicationStatuses.Succeed, 1, 0, string.Empty, T0, Ct);
        await store.EndReplicationPlanningAsync(settled, null, Ct);
        await store.EndReplicationPlanningAsync(busy, null, Ct);
        await store.EndReplicationPlanningAsync(ended, null, Ct);
        await store.FinishReplicationExecutionAsync(ended, ReplicationStatuses.Succeed, string.Empty, T0, Ct);

        Assert.Equal([settled], await store.ListUnsettledReplicationExecutionsAsync(Ct));
    }

    [Fact]
    public async Task ListUnplannedReplicationExecutions_names_running_executions_still_choosing_their_artifacts()
    {
        var (store, planning) = await ExecutionWithTasksAsync(1, target: 31);
        var (_, planned) = await ExecutionWithTasksAsync(1, target: 32);
        var (_, stopped) = await ExecutionWithTasksAsync(0, target: 33);
        var (_, empty) = await ExecutionWithTasksAsync(0, target: 34);
        await store.EndReplicationPlanningAsync(planned, null, Ct);
        await store.StopReplicationExecutionAsync(stopped, T0, Ct);

        Assert.Equal([planning, empty], await store.ListUnplannedReplicationExecutionsAsync(Ct));
    }

    private sealed class ItemComparer : IEqualityComparer<ReplicationItem>
    {
        public bool Equals(ReplicationItem? x, ReplicationItem? y) =>
            x is not null && y is not null &&
            (x.Operation, x.ResourceType, x.SourceRepository, x.Digest, x.DestinationRepository) ==
            (y.Operation, y.ResourceType, y.SourceRepository, y.Digest, y.DestinationRepository) &&
            x.Tags.SequenceEqual(y.Tags);

        public int GetHashCode(ReplicationItem obj) => obj.Digest.GetHashCode(StringComparison.Ordinal);
    }
}
