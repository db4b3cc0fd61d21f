using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// Executions whose planner was lost, as a silo's death leaves them (InProgress, planning never ended, nobody planning),
/// written to the stores while no silo runs; the next silo's resumer finds them and their policy finishes them: planned
/// again without queuing an artifact twice, or ended with a status saying why.
/// </summary>
public sealed class ReplicationPlanningResumeTests(DistributionRegistry registry) : ReplicationStoreTests, IClassFixture<DistributionRegistry>
{
    private ArtifactKeeper.Storage.Metadata.Sqlite.SqliteMetadataStore Store => Stores.Metadata;

    [Fact]
    public async Task A_lost_plan_is_done_again_and_what_it_had_queued_is_not_queued_twice()
    {
        await using var destination = await ReplicationDestination.CreateAsync(registry, Store, Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var mirror = ReplicationRuns.UniqueName("mirror");
        var images = await PushAsync(project + "/a", project + "/b");
        var (a, b) = (images[0], images[1]);
        var policy = await ReplicationRuns.CreatePolicyAsync(Store, null, destination.Id, project + "/**", mirror, Ct);
        // The lost planner had started the execution and queued a before its silo died.
        var id = await Store.CreateReplicationExecutionAsync(policy.Id, ReplicationTriggers.Manual, policy.Route, DateTimeOffset.UtcNow, Ct);
        await Store.AddReplicationTasksAsync(id, destination.Id, [a.CopyTo(mirror + "/a")], DateTimeOffset.UtcNow, Ct);

        var silo = await ResumingSiloAsync();
        try
        {
            var ended = await EndedAsync(id);

            Assert.Equal((ReplicationStatuses.Succeed, new ReplicationTaskCounts(2, 2, 0, 0, 0)), (ended.Status, ended.Tasks));
            Assert.Equal([(a.Digest, mirror + "/a"), (b.Digest, mirror + "/b")], await TaskTargetsAsync(id));
            foreach (var (image, repository) in new[] { (a, mirror + "/a"), (b, mirror + "/b") })
            {
                await destination.AssertArrivedAsync(image, repository, Ct);
                Assert.Equal(1, destination.Forwarder.ForwardedCount("PUT", ReplicationDestination.ManifestPath(repository, image.Digest)));
            }
        }
        finally
        {
            await ReplicationSilo.StopAsync(silo);
        }
    }

    [Fact]
    public async Task An_event_execution_that_lost_its_planner_ends_as_planned_when_its_artifact_was_queued_and_failed_otherwise()
    {
        await using var destination = await ReplicationDestination.CreateAsync(registry, Store, Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var image = (await PushAsync(project + "/app"))[0];
        var policy = await ReplicationRuns.CreatePolicyAsync(
            Store, null, destination.Id, project + "/**", ReplicationRuns.UniqueName("mirror"), Ct, new ReplicationTrigger(ReplicationTriggers.EventBased, null));
        var queued = await Store.CreateReplicationExecutionAsync(policy.Id, ReplicationTriggers.EventBased, policy.Route, DateTimeOffset.UtcNow, Ct);
        await Store.AddReplicationTasksAsync(queued, destination.Id, [image.CopyTo(ReplicationRuns.UniqueName("mirror") + "/app")], DateTimeOffset.UtcNow, Ct);
        var nothing = await Store.CreateReplicationExecutionAsync(policy.Id, ReplicationTriggers.EventBased, policy.Route, DateTimeOffset.UtcNow, Ct);

        var silo = await ResumingSiloAsync();
        try
        {
            var completed = await EndedAsync(queued);
            var interrupted = await EndedAsync(nothing);

            Assert.Equal((ReplicationStatuses.Succeed, string.Empty, 1), (completed.Status, completed.StatusText, completed.Tasks.Succeed));
            Assert.Equal(
                (ReplicationStatuses.Failed, "planning was interrupted (its silo was lost) before the artifact of the event was queued", 0),
                (interrupted.Status, interrupted.StatusText, interrupted.Tasks.Total));
        }
        finally
        {
            await ReplicationSilo.StopAsync(silo);
        }
    }

    [Fact]
    public async Task A_lost_plan_whose_policy_is_gone_fails_saying_so()
    {
        await using var destination = await ReplicationDestination.CreateAsync(registry, Store, Ct);
        var id = await Store.CreateReplicationExecutionAsync(424_242, ReplicationTriggers.Manual, destination.Push(), DateTimeOffset.UtcNow, Ct);

        var silo = await ResumingSiloAsync();
        try
        {
            var ended = await EndedAsync(id);

            Assert.Equal(
                (ReplicationStatuses.Failed, "planning was interrupted (its silo was lost) and the policy no longer exists to plan it again"),
                (ended.Status, ended.StatusText));
        }
        finally
        {
            await ReplicationSilo.StopAsync(silo);
        }
    }
}
