using System.Globalization;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Shared.Loopback;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// An execution runs its policy as it was when it started: a planning resumed after its silo was lost follows that copy
/// and not an edit made since; and a start in the instant after its policy was deleted starts nothing.
/// </summary>
public sealed class ReplicationPolicySnapshotTests(DistributionRegistry registry) : ReplicationStoreTests, IClassFixture<DistributionRegistry>
{
    private ArtifactKeeper.Storage.Metadata.Sqlite.SqliteMetadataStore Store => Stores.Metadata;

    [Fact]
    public async Task A_resumed_plan_follows_the_policy_as_its_execution_started_not_an_edit_made_since()
    {
        await using var destination = await ReplicationDestination.CreateAsync(registry, Store, Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var mirror = ReplicationRuns.UniqueName("mirror");
        var images = await PushAsync(project + "/a", project + "/b");
        var (a, b) = (images[0], images[1]);
        var policy = await ReplicationRuns.CreatePolicyAsync(Store, null, destination.Id, project + "/**", mirror, Ct);
        // The lost planner had started the execution (keeping the policy with it) and queued a before its silo died; then
        // the policy was edited to choose a only, into another namespace.
        var id = (await Store.StartReplicationExecutionAsync(policy, ReplicationTriggers.Manual, DateTimeOffset.UtcNow, Ct))!.Value;
        await Store.AddReplicationTasksAsync(id, destination.Id, [a.CopyTo(mirror + "/a")], DateTimeOffset.UtcNow, Ct);
        var edited = policy with { Filters = [ReplicationFilter.Name(project + "/a")], DestNamespace = ReplicationRuns.UniqueName("edited") };
        Assert.Equal(ReplicationPolicyChange.Changed, await Store.TryUpdateReplicationPolicyAsync(edited, Ct));

        var silo = await ResumingSiloAsync();
        try
        {
            var ended = await EndedAsync(id);

            Assert.Equal((ReplicationStatuses.Succeed, new ReplicationTaskCounts(2, 2, 0, 0, 0)), (ended.Status, ended.Tasks));
            Assert.Equal([(a.Digest, mirror + "/a"), (b.Digest, mirror + "/b")], await TaskTargetsAsync(id));
            await destination.AssertArrivedAsync(b, mirror + "/b", Ct);
        }
        finally
        {
            await ReplicationSilo.StopAsync(silo);
        }
    }

    [Fact]
    public async Task A_start_or_an_event_in_the_instant_after_the_policy_was_deleted_is_refused_and_leaves_no_execution()
    {
        await using var destination = await ReplicationDestination.CreateAsync(registry, Store, Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var image = (await PushAsync(project + "/app"))[0];
        var manual = await ReplicationRuns.CreatePolicyAsync(Store, null, destination.Id, project + "/**", "mirror", Ct);
        var onEvent = await ReplicationRuns.CreatePolicyAsync(
            Store, null, destination.Id, project + "/**", "mirror", Ct, new ReplicationTrigger(ReplicationTriggers.EventBased, null));
        var policies = new PoliciesDeletedOnRead(Store);
        policies.Doom(manual.Id);
        policies.Doom(onEvent.Id);

        var silo = await ReplicationSilo.StartAsync(
            Store, Stores.Blobs, Ct, replace: services => services.AddSingleton<IReplicationPolicyMetadata>(policies));
        try
        {
            var started = await silo.Client.GetGrain<IReplicationPolicyGrain>(manual.Id.ToString(CultureInfo.InvariantCulture))
                .StartAsync(ReplicationTriggers.Manual, "admin");
            var evented = await silo.Client.GetGrain<IReplicationPolicyGrain>(onEvent.Id.ToString(CultureInfo.InvariantCulture))
                .OnArtifactEventAsync(new ReplicationArtifactEvent(ReplicationEventKind.Pushed, project + "/app", image.Digest, ["v1"]));

            Assert.Equal(new ReplicationStartResult(ReplicationStartOutcome.PolicyNotFound, 0), started);
            Assert.Equal(new ReplicationStartResult(ReplicationStartOutcome.PolicyNotFound, 0), evented);
            Assert.Equal([ReplicationPolicyDeletion.Deleted, ReplicationPolicyDeletion.Deleted], policies.Deletions);
            Assert.Equal(0, (await Store.ListReplicationExecutionsAsync(ReplicationExecutionFilter.All, 1, 10, Ct)).Total);
        }
        finally
        {
            await ReplicationSilo.StopAsync(silo);
        }
    }
}
