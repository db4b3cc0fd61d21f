using System.Globalization;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// Executions and their target's transfer queue, end to end through the grains and the SQLite store, with a stand-in
/// copier (the real one is another piece's, built in parallel): retries with backoff, failures, the concurrency limit,
/// stop, retry of failed tasks and how an execution's status follows from its tasks. Each test has its own target.
/// </summary>
public sealed class ReplicationExecutionTests(ReplicationClusterFixture fixture) : IClassFixture<ReplicationClusterFixture>
{
    private static int _nextTarget = 1000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StandInCopier Copier => fixture.Copier;

    private ArtifactKeeper.Storage.Metadata.Sqlite.SqliteMetadataStore Store => fixture.Metadata;

    private static long NewTarget() => Interlocked.Increment(ref _nextTarget);

    private static string Digest(string seed) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed + Guid.NewGuid())));

    private static ReplicationItem Copy(string digest, string repository = "lib/app") =>
        new(ReplicationOperation.Copy, "image", repository, digest, ["v1"], "mirror/" + repository);

    private async Task<(long Id, IReplicationExecutionGrain Grain)> StartAsync(ReplicationRoute route, params ReplicationItem[] items)
    {
        var id = await Store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, route, DateTimeOffset.UtcNow, Ct);
        var grain = fixture.Client.GetGrain<IReplicationExecutionGrain>(id);
        await grain.AddTasksAsync(items);
        return (id, grain);
    }

    private static ReplicationRoute Push(long target, int speed = 0, bool chunk = false) => new(null, target, true, speed, chunk);

    private Task<ReplicationExecutionRecord> EndedAsync(long id) =>
        ReplicationSilo.WaitForAsync(async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Status != ReplicationStatuses.InProgress, Ct);

    private async Task<IReadOnlyList<ReplicationTaskRecord>> TasksAsync(long id) => (await Store.ListReplicationTasksAsync(id, null, null, 1, 100, Ct)).Items;

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_until_the_copy_succeeds()
    {
        var digest = Digest("flaky");
        Copier.FailTransiently(digest, ReplicationSilo.MaxAttempts - 1);
        var (id, grain) = await StartAsync(Push(NewTarget()), Copy(digest));
        await grain.EndPlanningAsync(null);

        var ended = await EndedAsync(id);

        var task = Assert.Single(await TasksAsync(id));
        Assert.Equal((ReplicationStatuses.Succeed, string.Empty, new ReplicationTaskCounts(1, 1, 0, 0, 0)), (ended.Status, ended.StatusText, ended.Tasks));
        Assert.Equal((ReplicationStatuses.Succeed, ReplicationSilo.MaxAttempts, StandInCopier.BytesPerCopy), (task.Status, task.Attempts, task.BytesSent));
        Assert.Equal(ReplicationSilo.MaxAttempts, Copier.Attempts(digest));
        var log = await Store.GetReplicationTaskLogAsync(task.Id, Ct);
        Assert.Equal(ReplicationSilo.MaxAttempts - 1, CountOf(log!, "503 Service Unavailable from the stand-in; retrying in"));
        Assert.Contains("Copied lib/app@" + digest, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_still_failing_transiently_after_the_last_attempt_fails_the_execution()
    {
        var digest = Digest("down");
        var good = Digest("good");
        Copier.FailTransiently(digest, 100);
        var (id, grain) = await StartAsync(Push(NewTarget()), Copy(digest), Copy(good, "lib/other"));
        await grain.EndPlanningAsync(null);

        var ended = await EndedAsync(id);

        Assert.Equal(ReplicationStatuses.Failed, ended.Status);
        Assert.Equal(new ReplicationTaskCounts(2, 1, 1, 0, 0), ended.Tasks);
        Assert.Equal("1 of 2 tasks failed, 0 stopped, 1 succeeded", ended.StatusText);
        var failed = (await TasksAsync(id)).Single(t => t.Item.Digest == digest);
        Assert.Equal((ReplicationStatuses.Failed, ReplicationSilo.MaxAttempts), (failed.Status, failed.Attempts));
        Assert.Equal(ReplicationSilo.MaxAttempts, Copier.Attempts(digest));
        Assert.Contains($"giving up after {ReplicationSilo.MaxAttempts} attempts", await Store.GetReplicationTaskLogAsync(failed.Id, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_transient_failure_fails_the_task_at_once()
    {
        var digest = Digest("denied");
        Copier.Deny(digest);
        var (id, grain) = await StartAsync(Push(NewTarget()), Copy(digest));
        await grain.EndPlanningAsync(null);

        var ended = await EndedAsync(id);

        var task = Assert.Single(await TasksAsync(id));
        Assert.Equal(ReplicationStatuses.Failed, ended.Status);
        Assert.Equal((ReplicationStatuses.Failed, 1), (task.Status, task.Attempts));
        Assert.Equal(1, Copier.Attempts(digest));
        Assert.Contains("denied: requested access to the resource is denied (not retried)", await Store.GetReplicationTaskLogAsync(task.Id, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_whose_remote_endpoint_is_gone_fails_without_retrying()
    {
        var (id, grain) = await StartAsync(Push(StandInRemoteRegistries.Missing), Copy(Digest("orphan")));
        await grain.EndPlanningAsync(null);

        var ended = await EndedAsync(id);

        var task = Assert.Single(await TasksAsync(id));
        Assert.Equal((ReplicationStatuses.Failed, 1), (task.Status, task.Attempts));
        Assert.Equal(ReplicationStatuses.Failed, ended.Status);
        Assert.Contains("registry endpoint 404 no longer exists", await Store.GetReplicationTaskLogAsync(task.Id, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_never_runs_more_tasks_at_once_than_its_limit_and_runs_them_all()
    {
        var target = NewTarget();
        var digests = Enumerable.Range(0, 6).Select(i => Digest("many" + i)).ToList();
        digests.ForEach(Copier.Hold);
        var (id, grain) = await StartAsync(Push(target), [.. digests.Select((d, i) => Copy(d, "lib/app" + i))]);
        await grain.EndPlanningAsync(null);

        // Holding every copy: the queue fills its slots and no more.
        await ReplicationSilo.WaitForAsync(() => Task.FromResult(Copier.Running), n => n == ReplicationSilo.Concurrency, Ct);
        var running = await Store.ListReplicationTasksAsync(id, ReplicationStatuses.InProgress, null, 1, 100, Ct);
        var progress = await fixture.Client.GetGrain<IReplicationTargetGrain>(target).GetProgressAsync();
        Assert.Equal(ReplicationSilo.Concurrency, running.Total);
        Assert.Equal(running.Items.Select(t => t.Id).Order(), progress.Select(p => p.TaskId).Order());
        Assert.All(progress, p => Assert.Equal(StandInCopier.BytesPerCopy / 2, p.BytesSent));
        digests.ForEach(Copier.Release);

        var ended = await EndedAsync(id);

        Assert.Equal((ReplicationStatuses.Succeed, new ReplicationTaskCounts(6, 6, 0, 0, 0)), (ended.Status, ended.Tasks));
        Assert.All(digests, d => Assert.Equal(1, Copier.Completed(d)));
        Assert.True(Copier.MaxRunning <= ReplicationSilo.Concurrency, $"{Copier.MaxRunning} copies ran at once");
    }

    [Fact]
    public async Task Stop_cancels_running_tasks_and_stops_queued_ones()
    {
        var digests = Enumerable.Range(0, 4).Select(i => Digest("stop" + i)).ToList();
        digests.ForEach(Copier.Hold);
        var (id, grain) = await StartAsync(Push(NewTarget()), [.. digests.Select((d, i) => Copy(d, "lib/s" + i))]);
        await ReplicationSilo.WaitForAsync(() => Store.ListReplicationTasksAsync(id, ReplicationStatuses.InProgress, null, 1, 10, Ct), p => p.Total == 2, Ct);
        await ReplicationSilo.WaitForAsync(() => Task.FromResult(digests.Sum(Copier.Attempts)), n => n == 2, Ct);

        Assert.True(await grain.StopAsync());
        var stopped = await ReplicationSilo.WaitForAsync(
            async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Tasks.Stopped == 4, Ct);

        Assert.Equal(ReplicationStatuses.Stopped, stopped.Status);
        Assert.NotNull(stopped.EndTime);
        Assert.Equal(2, digests.Sum(Copier.Cancelled));
        Assert.Equal(0, digests.Sum(Copier.Completed));
        Assert.False(await grain.StopAsync());
        await grain.AddTasksAsync([Copy(Digest("late"))]);
        Assert.Equal(4, (await TasksAsync(id)).Count);
        digests.ForEach(Copier.Release);
    }

    [Fact]
    public async Task Retry_queues_failed_tasks_again_and_the_execution_ends_by_their_new_outcome()
    {
        var first = Digest("retry-a");
        var second = Digest("retry-b");
        Copier.Deny(first);
        Copier.Deny(second);
        var (id, grain) = await StartAsync(Push(NewTarget()), Copy(first, "lib/a"), Copy(second, "lib/b"));
        await grain.EndPlanningAsync(null);
        Assert.Equal(ReplicationStatuses.Failed, (await EndedAsync(id)).Status);
        var failedFirst = (await TasksAsync(id)).Single(t => t.Item.Digest == first);
        Copier.Allow(first);
        Copier.Allow(second);

        Assert.Equal(1, await grain.RetryAsync(failedFirst.Id));
        var afterOne = await ReplicationSilo.WaitForAsync(
            async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Status != ReplicationStatuses.InProgress, Ct);
        Assert.Equal((ReplicationStatuses.Failed, new ReplicationTaskCounts(2, 1, 1, 0, 0)), (afterOne.Status, afterOne.Tasks));

        Assert.Equal(1, await grain.RetryAsync(null));
        var afterAll = await ReplicationSilo.WaitForAsync(
            async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Tasks.Succeed == 2 && e.Status != ReplicationStatuses.InProgress, Ct);

        Assert.Equal((ReplicationStatuses.Succeed, string.Empty), (afterAll.Status, afterAll.StatusText));
        Assert.Equal(0, await grain.RetryAsync(null));
        Assert.Contains("Retry requested", await Store.GetReplicationTaskLogAsync(failedFirst.Id, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_execution_ends_only_once_planning_has_and_follows_its_outcome()
    {
        var empty = await Store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, Push(NewTarget()), DateTimeOffset.UtcNow, Ct);
        await fixture.Client.GetGrain<IReplicationExecutionGrain>(empty).EndPlanningAsync(null);
        Assert.Equal(ReplicationStatuses.Succeed, (await Store.GetReplicationExecutionAsync(empty, Ct))!.Status);

        var digest = Digest("planning");
        var (id, grain) = await StartAsync(Push(NewTarget()), Copy(digest));
        await ReplicationSilo.WaitForAsync(() => Task.FromResult(Copier.Completed(digest)), n => n == 1, Ct);
        await ReplicationSilo.WaitForAsync(async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Tasks.Succeed == 1, Ct);
        await grain.TaskEndedAsync(0);
        Assert.Equal(ReplicationStatuses.InProgress, (await Store.GetReplicationExecutionAsync(id, Ct))!.Status);

        await grain.EndPlanningAsync("listing the repositories of lib failed: 500");
        var ended = await Store.GetReplicationExecutionAsync(id, Ct);

        Assert.Equal((ReplicationStatuses.Failed, "listing the repositories of lib failed: 500"), (ended!.Status, ended.StatusText));
    }

    [Fact]
    public async Task Tasks_carry_the_route_to_the_copier_and_deletions_go_to_the_delete_path()
    {
        var target = NewTarget();
        var digest = Digest("route");
        var gone = Digest("gone");
        var (id, grain) = await StartAsync(
            Push(target, speed: 300, chunk: true), Copy(digest), new ReplicationItem(ReplicationOperation.Delete, "image", "lib/old", gone, ["v0"], "mirror/lib/old"));
        await grain.EndPlanningAsync(null);

        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(id)).Status);

        var request = Copier.Requests.Single(r => r.Digest == digest);
        Assert.Equal("local", ((InertRegistry)request.Source).Name);
        Assert.Equal("remote-" + target.ToString(CultureInfo.InvariantCulture), ((InertRegistry)request.Destination).Name);
        Assert.Equal((300 * 1024L, 10L * 1024 * 1024, true, "mirror/lib/app"), (request.BytesPerSecond!.Value, request.ChunkSize!.Value, request.Override, request.DestinationRepository));
        Assert.Contains(("mirror/lib/old", gone), Copier.Deletions);
    }

    [Fact]
    public async Task The_tasks_of_one_target_share_its_bandwidth_bucket_and_another_target_has_its_own()
    {
        var (target, other) = (NewTarget(), NewTarget());
        var (first, second, elsewhere) = (Digest("bw-1"), Digest("bw-2"), Digest("bw-3"));
        var (id, grain) = await StartAsync(Push(target, speed: 300), Copy(first), Copy(second));
        var (otherId, otherGrain) = await StartAsync(Push(other), Copy(elsewhere));
        await grain.EndPlanningAsync(null);
        await otherGrain.EndPlanningAsync(null);

        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(id)).Status);
        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(otherId)).Status);

        var shared = Copier.Requests.Single(r => r.Digest == first).SharedBandwidth;
        Assert.NotNull(shared);
        Assert.Equal(ReplicationSilo.TargetBandwidthKbps * 1024L, shared.BytesPerSecond);
        Assert.Same(shared, Copier.Requests.Single(r => r.Digest == second).SharedBandwidth);
        Assert.Equal(300 * 1024L, Copier.Requests.Single(r => r.Digest == second).BytesPerSecond);
        Assert.NotSame(shared, Copier.Requests.Single(r => r.Digest == elsewhere).SharedBandwidth);
    }

    [Fact]
    public async Task An_execution_whose_last_task_end_was_never_reported_is_settled_by_the_resumer()
    {
        // As if the silo running the last task was lost between storing its end and telling the execution.
        var target = NewTarget();
        var id = await Store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, Push(target), DateTimeOffset.UtcNow, Ct);
        await Store.AddReplicationTasksAsync(id, target, [Copy(Digest("unreported"))], DateTimeOffset.UtcNow, Ct);
        var task = Assert.Single(await Store.ClaimReplicationTasksAsync(target, "lost-activation", 1, DateTimeOffset.UtcNow, Ct));
        await Store.FinishReplicationTaskAsync(task.Id, "lost-activation", ReplicationStatuses.Succeed, 1, 0, string.Empty, DateTimeOffset.UtcNow, Ct);
        await Store.EndReplicationPlanningAsync(id, null, Ct);

        var ended = await EndedAsync(id);

        Assert.Equal((ReplicationStatuses.Succeed, new ReplicationTaskCounts(1, 1, 0, 0, 0)), (ended.Status, ended.Tasks));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
