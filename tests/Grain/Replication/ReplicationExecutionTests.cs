using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// Executions and their target's transfer queue, end to end through the grains, the SQLite store, the real copier and
/// the real remote client, pushing images of this registry to a real docker-registry behind a fault-injecting
/// forwarder: retries with backoff, failures, the concurrency limit (counted at the forwarder), stop, retry of failed
/// tasks and how an execution's status follows from its tasks. Each test has its own destination (its own target).
/// </summary>
public sealed class ReplicationExecutionTests(ReplicationClusterFixture fixture) : IClassFixture<ReplicationClusterFixture>
{
    /// <summary>An endpoint id no test stores.</summary>
    private const long MissingEndpoint = 987_654;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ArtifactKeeper.Storage.Metadata.Sqlite.SqliteMetadataStore Store => fixture.Metadata;

    private static string Mirror() => "mirror/" + Guid.NewGuid().ToString("N")[..12];

    private static bool IsManifestPutByDigest(string method, string path) =>
        method == "PUT" && path.Contains("/manifests/sha256:", StringComparison.Ordinal);

    private async Task<(long Id, IReplicationExecutionGrain Grain)> StartAsync(ReplicationRoute route, params ReplicationItem[] items)
    {
        var id = await Store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, route, DateTimeOffset.UtcNow, Ct);
        var grain = fixture.Client.GetGrain<IReplicationExecutionGrain>(id);
        await grain.AddTasksAsync(items);
        return (id, grain);
    }

    private Task<ReplicationExecutionRecord> EndedAsync(long id) =>
        ReplicationSilo.WaitForAsync(async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Status != ReplicationStatuses.InProgress, Ct);

    private async Task<IReadOnlyList<ReplicationTaskRecord>> TasksAsync(long id) => (await Store.ListReplicationTasksAsync(id, null, null, 1, 100, Ct)).Items;

    /// <summary>Every manifest PUT to <paramref name="path"/> answered 500 by the forwarder, the first <paramref name="times"/> only when given.</summary>
    private static FaultInjection FailManifestPuts(Func<string, bool> path, int times = int.MaxValue)
    {
        var left = times;
        return new FaultInjection
        {
            Probability = 1,
            Kinds = [FaultKind.ServerError],
            Applies = (method, p) => method == "PUT" && path(p) && Interlocked.Decrement(ref left) >= 0,
        };
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_until_the_copy_succeeds()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var image = await fixture.PushImageAsync(Ct);
        var mirror = Mirror();
        var manifestPut = ReplicationDestination.ManifestPath(mirror, image.Digest);
        destination.Forwarder.InjectFaults(FailManifestPuts(p => p == manifestPut, ReplicationSilo.MaxAttempts - 1));
        var (id, grain) = await StartAsync(destination.Push(), image.CopyTo(mirror));
        await grain.EndPlanningAsync(null);

        var ended = await EndedAsync(id);

        var task = Assert.Single(await TasksAsync(id));
        Assert.Equal((ReplicationStatuses.Succeed, string.Empty, new ReplicationTaskCounts(1, 1, 0, 0, 0)), (ended.Status, ended.StatusText, ended.Tasks));
        Assert.Equal((ReplicationStatuses.Succeed, ReplicationSilo.MaxAttempts), (task.Status, task.Attempts));
        Assert.Equal(
            ReplicationSilo.MaxAttempts - 1,
            destination.Forwarder.Count(r => r.Method == "PUT" && r.Path == manifestPut && r.Outcome == ForwardOutcome.InjectedServerError));
        Assert.Equal(1, destination.Forwarder.ForwardedCount("PUT", manifestPut));
        // The blobs went once: later attempts found them there.
        Assert.Equal(image.Blobs.Count, destination.UploadRequests(mirror, "PUT"));
        await destination.AssertArrivedAsync(image, mirror, Ct);
        var log = await Store.GetReplicationTaskLogAsync(task.Id, Ct);
        Assert.Equal(ReplicationSilo.MaxAttempts - 1, CountOf(log!, "injected fault"));
        Assert.Equal(ReplicationSilo.MaxAttempts - 1, CountOf(log!, "; retrying in"));
        Assert.Contains($"Copied {image.Repository}@{image.Digest}", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_still_failing_transiently_after_the_last_attempt_fails_the_execution()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var down = await fixture.PushImageAsync(Ct);
        var good = await fixture.PushImageAsync(Ct);
        var (downMirror, goodMirror) = (Mirror(), Mirror());
        var manifestPut = ReplicationDestination.ManifestPath(downMirror, down.Digest);
        destination.Forwarder.InjectFaults(FailManifestPuts(p => p == manifestPut));
        var (id, grain) = await StartAsync(destination.Push(), down.CopyTo(downMirror), good.CopyTo(goodMirror));
        await grain.EndPlanningAsync(null);

        var ended = await EndedAsync(id);

        Assert.Equal(ReplicationStatuses.Failed, ended.Status);
        Assert.Equal(new ReplicationTaskCounts(2, 1, 1, 0, 0), ended.Tasks);
        Assert.Equal("1 of 2 tasks failed, 0 stopped, 1 succeeded", ended.StatusText);
        var failed = (await TasksAsync(id)).Single(t => t.Item.Digest == down.Digest);
        Assert.Equal((ReplicationStatuses.Failed, ReplicationSilo.MaxAttempts), (failed.Status, failed.Attempts));
        Assert.Equal(ReplicationSilo.MaxAttempts, destination.Forwarder.Count(r => r.Method == "PUT" && r.Path == manifestPut));
        Assert.Null(await destination.DigestAtAsync(downMirror, down.Digest, Ct));
        await destination.AssertArrivedAsync(good, goodMirror, Ct);
        Assert.Contains($"giving up after {ReplicationSilo.MaxAttempts} attempts", await Store.GetReplicationTaskLogAsync(failed.Id, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_transient_failure_fails_the_task_at_once()
    {
        // Chosen, then deleted at the source before its copy ran: nothing to copy, and no retry will change that.
        await using var destination = await fixture.DestinationAsync(Ct);
        var gone = ReplicationImages.Build(TestContent.NewRepository("src"));
        var (id, grain) = await StartAsync(destination.Push(), gone.CopyTo(Mirror()));
        await grain.EndPlanningAsync(null);

        var ended = await EndedAsync(id);

        var task = Assert.Single(await TasksAsync(id));
        Assert.Equal(ReplicationStatuses.Failed, ended.Status);
        Assert.Equal((ReplicationStatuses.Failed, 1), (task.Status, task.Attempts));
        Assert.Equal(0, destination.Forwarder.Count(r => IsManifestPutByDigest(r.Method, r.Path)));
        var log = await Store.GetReplicationTaskLogAsync(task.Id, Ct);
        Assert.Contains($"manifest {gone.Digest} is not in {gone.Repository} at the source (not retried)", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_task_whose_remote_endpoint_is_gone_fails_without_retrying()
    {
        var image = await fixture.PushImageAsync(Ct);
        var (id, grain) = await StartAsync(new ReplicationRoute(null, MissingEndpoint, true, 0, false), image.CopyTo(Mirror()));
        await grain.EndPlanningAsync(null);

        var ended = await EndedAsync(id);

        var task = Assert.Single(await TasksAsync(id));
        Assert.Equal((ReplicationStatuses.Failed, 1), (task.Status, task.Attempts));
        Assert.Equal(ReplicationStatuses.Failed, ended.Status);
        Assert.Contains($"registry endpoint {MissingEndpoint} no longer exists", await Store.GetReplicationTaskLogAsync(task.Id, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_never_runs_more_tasks_at_once_than_its_limit_and_runs_them_all()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var images = new List<TestImage>();
        for (var i = 0; i < 6; i++)
        {
            images.Add(await fixture.PushImageAsync(Ct, layerSize: 1000 + i));
        }

        var uploads = destination.Forwarder.Gauge((method, path) =>
            method is "POST" or "PATCH" or "PUT" && (path.Contains("/blobs/uploads/", StringComparison.Ordinal) || path.Contains("/manifests/", StringComparison.Ordinal)));
        var hold = destination.Forwarder.Hold(IsManifestPutByDigest);
        var (id, grain) = await StartAsync(destination.Push(), [.. images.Select(i => i.CopyTo(Mirror()))]);
        await grain.EndPlanningAsync(null);

        // Every copy stops at its manifest, its blobs sent: the queue fills its slots and no more.
        await ReplicationSilo.WaitForAsync(() => Task.FromResult(hold.Waiting), n => n == ReplicationSilo.Concurrency, Ct);
        var running = await Store.ListReplicationTasksAsync(id, ReplicationStatuses.InProgress, null, 1, 100, Ct);
        var progress = await fixture.Client.GetGrain<IReplicationTargetGrain>(destination.Id).GetProgressAsync();
        Assert.Equal(ReplicationSilo.Concurrency, running.Total);
        Assert.Equal(running.Items.Select(t => t.Id).Order(), progress.Select(p => p.TaskId).Order());
        Assert.All(progress, p => Assert.Equal(images.Single(i => i.Digest == running.Items.Single(t => t.Id == p.TaskId).Item.Digest).BlobBytes, p.BytesSent));
        hold.Release();

        var ended = await EndedAsync(id);

        Assert.Equal((ReplicationStatuses.Succeed, new ReplicationTaskCounts(6, 6, 0, 0, 0)), (ended.Status, ended.Tasks));
        foreach (var task in await TasksAsync(id))
        {
            await destination.AssertArrivedAsync(images.Single(i => i.Digest == task.Item.Digest), task.Item.DestinationRepository, Ct);
            Assert.Equal(1, destination.Forwarder.ForwardedCount("PUT", ReplicationDestination.ManifestPath(task.Item.DestinationRepository, task.Item.Digest)));
        }

        Assert.Equal(ReplicationSilo.Concurrency, uploads.Max);
    }

    [Fact]
    public async Task Stop_cancels_running_tasks_and_stops_queued_ones()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var images = new List<TestImage>();
        for (var i = 0; i < 4; i++)
        {
            images.Add(await fixture.PushImageAsync(Ct));
        }

        var hold = destination.Forwarder.Hold(IsManifestPutByDigest);
        var (id, grain) = await StartAsync(destination.Push(), [.. images.Select(i => i.CopyTo(Mirror()))]);
        await ReplicationSilo.WaitForAsync(() => Task.FromResult(hold.Waiting), n => n == 2, Ct);
        Assert.Equal(2, (await Store.ListReplicationTasksAsync(id, ReplicationStatuses.InProgress, null, 1, 10, Ct)).Total);

        Assert.True(await grain.StopAsync());
        var stopped = await ReplicationSilo.WaitForAsync(
            async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Tasks.Stopped == 4, Ct);

        Assert.Equal(ReplicationStatuses.Stopped, stopped.Status);
        Assert.NotNull(stopped.EndTime);
        // The two running copies gave up their manifest PUTs while held: nothing reached the registry.
        await ReplicationSilo.WaitForAsync(() => Task.FromResult(hold.Waiting), n => n == 0, Ct);
        Assert.Equal(2, destination.Forwarder.Count(r => IsManifestPutByDigest(r.Method, r.Path) && r.Outcome == ForwardOutcome.ClientGone));
        Assert.Equal(0, destination.Forwarder.Count(r => IsManifestPutByDigest(r.Method, r.Path) && r.ReachedTarget));
        Assert.False(await grain.StopAsync());
        await grain.AddTasksAsync([(await fixture.PushImageAsync(Ct)).CopyTo(Mirror())]);
        Assert.Equal(4, (await TasksAsync(id)).Count);
        hold.Release();
    }

    [Fact]
    public async Task Retry_queues_failed_tasks_again_and_the_execution_ends_by_their_new_outcome()
    {
        // The destination refuses every manifest for longer than the attempts last; once it is back, the user retries.
        await using var destination = await fixture.DestinationAsync(Ct);
        var first = await fixture.PushImageAsync(Ct);
        var second = await fixture.PushImageAsync(Ct);
        var (firstMirror, secondMirror) = (Mirror(), Mirror());
        destination.Forwarder.InjectFaults(FailManifestPuts(p => p.Contains("/manifests/", StringComparison.Ordinal)));
        var (id, grain) = await StartAsync(destination.Push(), first.CopyTo(firstMirror), second.CopyTo(secondMirror));
        await grain.EndPlanningAsync(null);
        var failedBoth = await EndedAsync(id);
        Assert.Equal((ReplicationStatuses.Failed, 2), (failedBoth.Status, failedBoth.Tasks.Failed));
        var failedFirst = (await TasksAsync(id)).Single(t => t.Item.Digest == first.Digest);
        destination.Forwarder.StopFaults();

        Assert.Equal(1, await grain.RetryAsync(failedFirst.Id));
        var afterOne = await EndedAsync(id);
        Assert.Equal((ReplicationStatuses.Failed, new ReplicationTaskCounts(2, 1, 1, 0, 0)), (afterOne.Status, afterOne.Tasks));
        await destination.AssertArrivedAsync(first, firstMirror, Ct);
        Assert.Null(await destination.DigestAtAsync(secondMirror, second.Digest, Ct));

        Assert.Equal(1, await grain.RetryAsync(null));
        var afterAll = await ReplicationSilo.WaitForAsync(
            async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Tasks.Succeed == 2 && e.Status != ReplicationStatuses.InProgress, Ct);

        Assert.Equal((ReplicationStatuses.Succeed, string.Empty), (afterAll.Status, afterAll.StatusText));
        await destination.AssertArrivedAsync(second, secondMirror, Ct);
        Assert.Equal(0, await grain.RetryAsync(null));
        Assert.Contains("Retry requested", await Store.GetReplicationTaskLogAsync(failedFirst.Id, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_execution_ends_only_once_planning_has_and_follows_its_outcome()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var empty = await Store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, destination.Push(), DateTimeOffset.UtcNow, Ct);
        await fixture.Client.GetGrain<IReplicationExecutionGrain>(empty).EndPlanningAsync(null);
        Assert.Equal(ReplicationStatuses.Succeed, (await Store.GetReplicationExecutionAsync(empty, Ct))!.Status);

        var image = await fixture.PushImageAsync(Ct);
        var (id, grain) = await StartAsync(destination.Push(), image.CopyTo(Mirror()));
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
        await using var destination = await fixture.DestinationAsync(Ct);
        var large = await fixture.PushImageAsync(Ct, layerSize: 150_000);
        var mirror = Mirror();

        // copy_by_chunk and speed from the route: the blobs go in chunks of the configured size.
        var (id, grain) = await StartAsync(destination.Push(speedKibPerSecond: 4096, copyByChunk: true), large.CopyTo(mirror));
        await grain.EndPlanningAsync(null);
        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(id)).Status);

        await destination.AssertArrivedAsync(large, mirror, Ct);
        var chunks = large.Blobs.Sum(b => (int)Math.Ceiling(b.Content.Length / (double)ReplicationSilo.ChunkSize));
        Assert.Equal((large.Blobs.Count, chunks), (destination.UploadRequests(mirror, "POST"), destination.UploadRequests(mirror, "PATCH")));
        Assert.Equal(large.BlobBytes, Assert.Single(await TasksAsync(id)).BytesSent);

        var (deletion, deleting) = await StartAsync(
            destination.Push(), new ReplicationItem(ReplicationOperation.Delete, "image", large.Repository, large.Digest, [large.Tag], mirror));
        await deleting.EndPlanningAsync(null);

        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(deletion)).Status);
        Assert.Null(await destination.DigestAtAsync(mirror, large.Digest, Ct));
        Assert.Contains($"Deleted {mirror}@{large.Digest}", await Store.GetReplicationTaskLogAsync(Assert.Single(await TasksAsync(deletion)).Id, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_execution_whose_last_task_end_was_never_reported_is_settled_by_the_resumer()
    {
        // As if the silo running the last task was lost between storing its end and telling the execution.
        await using var destination = await fixture.DestinationAsync(Ct);
        var image = ReplicationImages.Build(TestContent.NewRepository("src"));
        var id = await Store.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, destination.Push(), DateTimeOffset.UtcNow, Ct);
        await Store.AddReplicationTasksAsync(id, destination.Id, [image.CopyTo(Mirror())], DateTimeOffset.UtcNow, Ct);
        var task = Assert.Single(await Store.ClaimReplicationTasksAsync(destination.Id, "lost-activation", 1, DateTimeOffset.UtcNow, Ct));
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
