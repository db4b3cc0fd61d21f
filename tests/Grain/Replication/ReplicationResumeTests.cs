using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Shared.Loopback;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// Queues survive their silo: tasks stored, or claimed, by one silo run after it is gone, on a second cluster over the
/// same stores, with nobody calling the grains (the resumer wakes the target), and each copy reaches the real
/// docker-registry once.
/// </summary>
public sealed class ReplicationResumeTests(DistributionRegistry registry) : ReplicationStoreTests, IClassFixture<DistributionRegistry>
{
    private static bool IsManifestPutByDigest(string method, string path) =>
        method == "PUT" && path.Contains("/manifests/sha256:", StringComparison.Ordinal);

    private async Task<List<TestImage>> PushImagesAsync(InProcessTestCluster silo, int count)
    {
        var images = new List<TestImage>();
        for (var i = 0; i < count; i++)
        {
            images.Add(await ReplicationImages.PushAsync(silo.Client, Stores.Blobs, ReplicationImages.Build(TestContent.NewRepository("src")), Ct));
        }

        return images;
    }

    private async Task AssertEachArrivedOnceAsync(ReplicationDestination destination, long executionId, IReadOnlyList<TestImage> images)
    {
        foreach (var task in (await Stores.Metadata.ListReplicationTasksAsync(executionId, null, null, 1, 100, Ct)).Items)
        {
            await destination.AssertArrivedAsync(images.Single(i => i.Digest == task.Item.Digest), task.Item.DestinationRepository, Ct);
            Assert.Equal(1, destination.Forwarder.ForwardedCount("PUT", ReplicationDestination.ManifestPath(task.Item.DestinationRepository, task.Item.Digest)));
        }
    }

    private async Task<int> LogsContainingAsync(long executionId, string part)
    {
        var count = 0;
        foreach (var task in (await Stores.Metadata.ListReplicationTasksAsync(executionId, null, null, 1, 100, Ct)).Items)
        {
            count += (await Stores.Metadata.GetReplicationTaskLogAsync(task.Id, Ct))!.Contains(part, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public async Task Tasks_running_when_their_silo_stops_run_to_the_end_on_the_next_silo_once()
    {
        await using var destination = await ReplicationDestination.CreateAsync(registry, Stores.Metadata, Ct);
        var hold = destination.Forwarder.Hold(IsManifestPutByDigest);
        var first = await ReplicationSilo.StartAsync(Stores.Metadata, Stores.Blobs, Ct);
        List<TestImage> images;
        long id;
        try
        {
            images = await PushImagesAsync(first, 4);
            id = await Stores.Metadata.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, destination.Push(), DateTimeOffset.UtcNow, Ct);
            var grain = first.Client.GetGrain<IReplicationExecutionGrain>(id);
            await grain.AddTasksAsync([.. images.Select(i => i.CopyTo("mirror/" + Guid.NewGuid().ToString("N")[..12]))]);
            await grain.EndPlanningAsync(null);
            await ReplicationSilo.WaitForAsync(() => Task.FromResult(hold.Waiting), n => n == ReplicationSilo.Concurrency, Ct);
        }
        finally
        {
            await ReplicationSilo.StopAsync(first);
        }

        // The stopping silo cancelled its copies: their held manifests never reached the registry.
        await ReplicationSilo.WaitForAsync(() => Task.FromResult(hold.Waiting), n => n == 0, Ct);
        hold.Release();
        var second = await ReplicationSilo.StartAsync(Stores.Metadata, Stores.Blobs, Ct);
        try
        {
            var ended = await EndedAsync(id);

            Assert.Equal((ReplicationStatuses.Succeed, new ReplicationTaskCounts(4, 4, 0, 0, 0)), (ended.Status, ended.Tasks));
            Assert.Equal(ReplicationSilo.Concurrency, destination.Forwarder.Count(r => IsManifestPutByDigest(r.Method, r.Path) && r.Outcome == ForwardOutcome.ClientGone));
            await AssertEachArrivedOnceAsync(destination, id, images);
            Assert.Equal(ReplicationSilo.Concurrency, await LogsContainingAsync(id, "Interrupted: this silo is stopping; queued again"));
        }
        finally
        {
            await ReplicationSilo.StopAsync(second);
        }
    }

    [Fact]
    public async Task Tasks_claimed_by_an_activation_that_was_lost_are_taken_back_and_run_once()
    {
        await using var destination = await ReplicationDestination.CreateAsync(registry, Stores.Metadata, Ct);
        var pushing = await ReplicationSilo.StartAsync(Stores.Metadata, Stores.Blobs, Ct);
        List<TestImage> images;
        try
        {
            images = await PushImagesAsync(pushing, 3);
        }
        finally
        {
            await ReplicationSilo.StopAsync(pushing);
        }

        var id = await Stores.Metadata.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, destination.Push(), DateTimeOffset.UtcNow, Ct);
        await Stores.Metadata.AddReplicationTasksAsync(id, destination.Id, [.. images.Select(i => i.CopyTo("mirror/" + Guid.NewGuid().ToString("N")[..12]))], DateTimeOffset.UtcNow, Ct);
        await Stores.Metadata.EndReplicationPlanningAsync(id, null, Ct);
        // A silo that died mid-copy: two tasks claimed by its activation, never finished.
        Assert.Equal(2, (await Stores.Metadata.ClaimReplicationTasksAsync(destination.Id, "lost-activation", 2, DateTimeOffset.UtcNow, Ct)).Count);

        var silo = await ReplicationSilo.StartAsync(Stores.Metadata, Stores.Blobs, Ct);
        try
        {
            var ended = await EndedAsync(id);

            Assert.Equal((ReplicationStatuses.Succeed, 3), (ended.Status, ended.Tasks.Succeed));
            await AssertEachArrivedOnceAsync(destination, id, images);
            Assert.Equal(2, await LogsContainingAsync(id, "interrupted"));
        }
        finally
        {
            await ReplicationSilo.StopAsync(silo);
        }
    }

    [Fact]
    public async Task Planning_lost_with_its_silo_is_done_again_by_the_next_silo_and_every_artifact_arrives()
    {
        // A pull-based policy: its planner lists the source over HTTP, so the forwarder can stop it mid-plan.
        await using var source = await ReplicationDestination.CreateAsync(registry, Stores.Metadata, Ct);
        var origin = ReplicationRuns.UniqueName("origin");
        var pulled = ReplicationRuns.UniqueName("pulled");
        var policy = await ReplicationRuns.CreatePolicyAsync(Stores.Metadata, source.Id, null, origin + "/**", pulled, Ct);
        var secondTags = $"/v2/{origin}/b/tags/list";
        var planning = source.Forwarder.Hold((method, path) => method == "GET" && path == secondTags);
        List<TestImage> images;
        long id;
        var first = await ReplicationSilo.StartAsync(Stores.Metadata, Stores.Blobs, Ct);
        try
        {
            images = await PushImagesAsync(first, 2);
            await ReplicationRuns.MirrorAsync(first.Client, Stores.Metadata, source, images[0], origin + "/a", Ct);
            await ReplicationRuns.MirrorAsync(first.Client, Stores.Metadata, source, images[1], origin + "/b", Ct);
            var started = await first.Client.GetGrain<IReplicationPolicyGrain>(policy.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .StartAsync(ReplicationTriggers.Manual, "admin");
            Assert.Equal(ReplicationStartOutcome.Started, started.Outcome);
            id = started.ExecutionId;
            await ReplicationSilo.WaitForAsync(() => Task.FromResult(planning.Waiting), n => n == 1, Ct);
        }
        finally
        {
            await ReplicationSilo.StopAsync(first);
        }

        var lost = await Stores.Metadata.GetReplicationExecutionAsync(id, Ct);
        Assert.Equal((ReplicationStatuses.InProgress, false, 0), (lost!.Status, lost.PlanningEnded, lost.Tasks.Total));
        planning.Release();
        var second = await ReplicationSilo.StartAsync(Stores.Metadata, Stores.Blobs, Ct, options => options.PlanningCheckAfter = TimeSpan.Zero);
        try
        {
            var ended = await EndedAsync(id);

            Assert.Equal((ReplicationStatuses.Succeed, new ReplicationTaskCounts(2, 2, 0, 0, 0)), (ended.Status, ended.Tasks));
            foreach (var (image, name) in images.Zip(["a", "b"]))
            {
                var copied = await Stores.Metadata.LoadRepositoryAsync($"{pulled}/{name}", Ct);
                Assert.Contains(copied.Manifests, m => m.Digest == image.Digest);
            }
        }
        finally
        {
            await ReplicationSilo.StopAsync(second);
        }
    }
}
