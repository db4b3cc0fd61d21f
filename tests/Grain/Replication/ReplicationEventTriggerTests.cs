using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Gateway;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// The gateway's event hook over the real silo: a push or a delete in this registry reaches the event-based policies
/// whose filters match, each starting one execution with the right task, and nothing else. A trigger of its own per
/// test, so its policy cache starts empty.
/// </summary>
public sealed class ReplicationEventTriggerTests(ReplicationClusterFixture fixture) : IClassFixture<ReplicationClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ArtifactKeeper.Storage.Metadata.Sqlite.SqliteMetadataStore Store => fixture.Metadata;

    private ReplicationEventTrigger NewTrigger() =>
        new(Store, Store, fixture.Client, TimeProvider.System, NullLogger<ReplicationEventTrigger>.Instance);

    private async Task<IReadOnlyList<ReplicationExecutionRecord>> ExecutionsOfAsync(ReplicationPolicy policy) =>
        (await Store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(policy.Id, null, null), 1, 50, Ct)).Items;

    private Task<IReadOnlyList<ReplicationExecutionRecord>> ExecutionCountAsync(ReplicationPolicy policy, int count) =>
        ReplicationSilo.WaitForAsync(() => ExecutionsOfAsync(policy), e => e.Count >= count && e.All(x => x.Status != ReplicationStatuses.InProgress), Ct);

    private async Task<ReplicationItem> SingleTaskAsync(long executionId) =>
        Assert.Single((await Store.ListReplicationTasksAsync(executionId, null, null, 1, 10, Ct)).Items).Item;

    [Fact]
    public async Task A_push_in_a_matching_project_starts_the_event_policy_once_and_a_push_elsewhere_does_not()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var mirror = ReplicationRuns.UniqueName("mirror");
        var policy = await ReplicationRuns.CreatePolicyAsync(
            Store, null, destination.Id, project + "/**", mirror, Ct, new ReplicationTrigger(ReplicationTriggers.EventBased, null));
        var manual = await ReplicationRuns.CreatePolicyAsync(Store, null, destination.Id, project + "/**", mirror, Ct);
        var elsewhere = await fixture.PushImageAsync(ReplicationRuns.UniqueName("other") + "/app", Ct);
        var image = await fixture.PushImageAsync(project + "/app", Ct);
        var trigger = NewTrigger();

        trigger.ManifestPushed(elsewhere.Repository, elsewhere.Digest, elsewhere.Tag);
        trigger.ManifestPushed(image.Repository, image.Digest, image.Tag);
        var execution = Assert.Single(await ExecutionCountAsync(policy, 1));

        Assert.Equal((ReplicationTriggers.EventBased, ReplicationStatuses.Succeed), (execution.Trigger, execution.Status));
        var task = await SingleTaskAsync(execution.Id);
        Assert.Equal((ReplicationOperation.Copy, image.Repository, image.Digest, "v1", mirror + "/app"), (task.Operation, task.SourceRepository, task.Digest, string.Join(",", task.Tags), task.DestinationRepository));
        await destination.AssertArrivedAsync(image, mirror + "/app", Ct);
        Assert.Empty(await ExecutionsOfAsync(manual));
    }

    [Fact]
    public async Task A_delete_reaches_a_policy_replicating_deletions_as_a_delete_task_and_a_delete_elsewhere_is_not_even_captured()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var mirror = ReplicationRuns.UniqueName("mirror");
        var image = await fixture.PushImageAsync(project + "/app", Ct);
        await ReplicationRuns.MirrorAsync(fixture.Client, Store, destination, image, mirror + "/app", Ct);
        var policy = await ReplicationRuns.CreatePolicyAsync(
            Store, null, destination.Id, project + "/**", mirror, Ct, new ReplicationTrigger(ReplicationTriggers.EventBased, null), replicateDeletion: true);
        var trigger = NewTrigger();

        var elsewhere = await trigger.CaptureDeletionAsync(ReplicationRuns.UniqueName("other") + "/app", image.Digest, Ct);
        var captured = await trigger.CaptureDeletionAsync(image.Repository, image.Digest, Ct);
        trigger.Deleted(captured);
        var execution = Assert.Single(await ExecutionCountAsync(policy, 1));

        Assert.Null(elsewhere);
        Assert.Equal((ReplicationEventKind.ArtifactDeleted, "v1"), (captured!.Kind, string.Join(",", captured.Tags)));
        Assert.Equal((ReplicationTriggers.EventBased, ReplicationStatuses.Succeed), (execution.Trigger, execution.Status));
        var task = await SingleTaskAsync(execution.Id);
        Assert.Equal((ReplicationOperation.Delete, image.Digest, mirror + "/app"), (task.Operation, task.Digest, task.DestinationRepository));
        Assert.Null(await destination.DigestAtAsync(mirror + "/app", image.Digest, Ct));
    }
}
