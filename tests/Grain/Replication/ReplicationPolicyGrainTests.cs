using System.Globalization;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// The policy grain on its own: what a start answers (missing, disabled, single active replication), which trigger an
/// execution records, which artifacts its filters choose from content really pushed here, and how it judges artifact
/// events. Executions run for real, to the real docker-registry behind each test's own forwarder.
/// </summary>
public sealed class ReplicationPolicyGrainTests(ReplicationClusterFixture fixture) : IClassFixture<ReplicationClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ArtifactKeeper.Storage.Metadata.Sqlite.SqliteMetadataStore Store => fixture.Metadata;

    private IReplicationPolicyGrain Grain(ReplicationPolicy policy) =>
        fixture.Client.GetGrain<IReplicationPolicyGrain>(policy.Id.ToString(CultureInfo.InvariantCulture));

    private async Task<IReadOnlyList<ReplicationExecutionRecord>> ExecutionsOfAsync(ReplicationPolicy policy) =>
        (await Store.ListReplicationExecutionsAsync(new ReplicationExecutionFilter(policy.Id, null, null), 1, 50, Ct)).Items;

    private Task<ReplicationExecutionRecord> EndedAsync(long id) =>
        ReplicationSilo.WaitForAsync(async () => (await Store.GetReplicationExecutionAsync(id, Ct))!, e => e.Status != ReplicationStatuses.InProgress, Ct);

    private async Task<ReplicationItem> SingleTaskAsync(long executionId) =>
        Assert.Single((await Store.ListReplicationTasksAsync(executionId, null, null, 1, 10, Ct)).Items).Item;

    [Fact]
    public async Task A_missing_or_disabled_policy_starts_nothing()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var disabled = await ReplicationRuns.CreatePolicyAsync(Store, null, destination.Id, project + "/**", "mirror", Ct, enabled: false);

        var missing = await fixture.Client.GetGrain<IReplicationPolicyGrain>("987654321").StartAsync(ReplicationTriggers.Manual, "admin");
        var refused = await Grain(disabled).StartAsync(ReplicationTriggers.Manual, "admin");
        await Grain(disabled).FireAsync(string.Empty, DateTimeOffset.UtcNow);

        Assert.Equal(new ReplicationStartResult(ReplicationStartOutcome.PolicyNotFound, 0), missing);
        Assert.Equal(new ReplicationStartResult(ReplicationStartOutcome.PolicyDisabled, 0), refused);
        Assert.Empty(await ExecutionsOfAsync(disabled));
    }

    [Fact]
    public async Task Single_active_replication_refuses_a_second_run_while_one_is_active_and_allows_it_after()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var project = ReplicationRuns.UniqueName("proj");
        await fixture.PushImageAsync(project + "/app", Ct);
        var single = await ReplicationRuns.CreatePolicyAsync(Store, null, destination.Id, project + "/**", ReplicationRuns.UniqueName("mirror"), Ct, singleActive: true);
        var hold = destination.Forwarder.Hold((method, path) => method == "PUT" && path.Contains("/manifests/sha256:", StringComparison.Ordinal));

        var first = await Grain(single).StartAsync(ReplicationTriggers.Manual, "admin");
        await ReplicationSilo.WaitForAsync(() => Task.FromResult(hold.Waiting), n => n == 1, Ct);
        var second = await Grain(single).StartAsync(ReplicationTriggers.Manual, "admin");
        await Grain(single).FireAsync(string.Empty, DateTimeOffset.UtcNow);
        hold.Release();
        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(first.ExecutionId)).Status);
        var third = await Grain(single).StartAsync(ReplicationTriggers.Manual, "admin");

        Assert.Equal(ReplicationStartOutcome.Started, first.Outcome);
        Assert.Equal(new ReplicationStartResult(ReplicationStartOutcome.AlreadyRunning, 0), second);
        Assert.Equal(ReplicationStartOutcome.Started, third.Outcome);
        Assert.Equal([first.ExecutionId, third.ExecutionId], (await ExecutionsOfAsync(single)).Select(e => e.Id).Order());
        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(third.ExecutionId)).Status);
    }

    [Fact]
    public async Task A_manual_start_and_a_schedule_firing_record_their_trigger()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var policy = await ReplicationRuns.CreatePolicyAsync(
            Store, null, destination.Id, project + "/**", "mirror", Ct, new ReplicationTrigger(ReplicationTriggers.Scheduled, "0 0 * * * *"));

        var manual = await Grain(policy).StartAsync(ReplicationTriggers.Manual, "admin");
        await EndedAsync(manual.ExecutionId);
        await Grain(policy).FireAsync(string.Empty, DateTimeOffset.UtcNow);

        var executions = await ExecutionsOfAsync(policy);
        Assert.Equal(2, executions.Count);
        Assert.Equal(ReplicationTriggers.Manual, executions.Single(e => e.Id == manual.ExecutionId).Trigger);
        var scheduled = executions.Single(e => e.Id != manual.ExecutionId);
        Assert.Equal(ReplicationTriggers.Scheduled, scheduled.Trigger);
        var scheduledEnd = await EndedAsync(scheduled.Id);
        Assert.Equal((ReplicationStatuses.Succeed, 0), (scheduledEnd.Status, scheduledEnd.Tasks.Total));
    }

    [Fact]
    public async Task Filters_choose_exactly_the_matching_artifacts_and_they_arrive()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var other = ReplicationRuns.UniqueName("other");
        var mirror = ReplicationRuns.UniqueName("mirror");
        var app = await fixture.PushImageAsync($"{project}/team/app", Ct, tag: "v1.0");
        await fixture.PushImageAsync($"{project}/team/app", Ct, tag: "dev");
        var tools = await fixture.PushImageAsync($"{project}/tools", Ct, tag: "v2");
        await fixture.PushImageAsync($"{other}/team/app", Ct, tag: "v1.0");
        var policy = await ReplicationRuns.CreatePolicyAsync(
            Store, null, destination.Id, project + "/**", mirror, Ct,
            moreFilters: [ReplicationFilter.Tag("v*")]);

        var started = await Grain(policy).StartAsync(ReplicationTriggers.Manual, "admin");
        var ended = await EndedAsync(started.ExecutionId);

        Assert.Equal((ReplicationStatuses.Succeed, 2), (ended.Status, ended.Tasks.Succeed));
        var tasks = (await Store.ListReplicationTasksAsync(started.ExecutionId, null, null, 1, 10, Ct)).Items
            .Select(t => (t.Item.SourceRepository, t.Item.Digest, string.Join(",", t.Item.Tags), t.Item.DestinationRepository))
            .OrderBy(t => t.SourceRepository, StringComparer.Ordinal);
        Assert.Equal(
            [($"{project}/team/app", app.Digest, "v1.0", $"{mirror}/team/app"), ($"{project}/tools", tools.Digest, "v2", $"{mirror}/tools")],
            tasks);
        await destination.AssertArrivedAsync(app, $"{mirror}/team/app", Ct);
        await destination.AssertArrivedAsync(tools, $"{mirror}/tools", Ct);
    }

    [Fact]
    public async Task Artifact_events_start_an_event_policy_for_matching_pushes_and_for_deletions_only_when_it_replicates_them()
    {
        await using var destination = await fixture.DestinationAsync(Ct);
        var project = ReplicationRuns.UniqueName("proj");
        var mirror = ReplicationRuns.UniqueName("mirror");
        var image = await fixture.PushImageAsync(project + "/app", Ct);
        var onEvents = new ReplicationTrigger(ReplicationTriggers.EventBased, null);
        var replicating = await ReplicationRuns.CreatePolicyAsync(
            Store, null, destination.Id, project + "/**", mirror, Ct, onEvents, replicateDeletion: true, moreFilters: [ReplicationFilter.Tag("v*")]);
        var keeping = await ReplicationRuns.CreatePolicyAsync(Store, null, destination.Id, project + "/**", mirror, Ct, onEvents);
        var manual = await ReplicationRuns.CreatePolicyAsync(Store, null, destination.Id, project + "/**", mirror, Ct);
        var pushed = new ReplicationArtifactEvent(ReplicationEventKind.Pushed, image.Repository, image.Digest, ["v1"]);
        var deleted = new ReplicationArtifactEvent(ReplicationEventKind.ArtifactDeleted, image.Repository, image.Digest, ["v1"]);

        var copy = await Grain(replicating).OnArtifactEventAsync(pushed);
        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(copy.ExecutionId)).Status);
        var delete = await Grain(replicating).OnArtifactEventAsync(deleted);
        Assert.Equal(ReplicationStatuses.Succeed, (await EndedAsync(delete.ExecutionId)).Status);

        Assert.Equal(ReplicationStartOutcome.Started, copy.Outcome);
        Assert.Equal(new ReplicationItem(ReplicationOperation.Copy, "image", image.Repository, image.Digest, ["v1"], mirror + "/app"), await SingleTaskAsync(copy.ExecutionId), ItemEquality.Instance);
        Assert.Equal(ReplicationStartOutcome.Started, delete.Outcome);
        Assert.Equal(new ReplicationItem(ReplicationOperation.Delete, "image", image.Repository, image.Digest, [], mirror + "/app"), await SingleTaskAsync(delete.ExecutionId), ItemEquality.Instance);
        Assert.Equal([ReplicationTriggers.EventBased, ReplicationTriggers.EventBased], (await ExecutionsOfAsync(replicating)).Select(e => e.Trigger));
        Assert.Null(await destination.DigestAtAsync(mirror + "/app", image.Digest, Ct));

        var notSelected = new ReplicationStartResult(ReplicationStartOutcome.NotSelected, 0);
        Assert.Equal(notSelected, await Grain(replicating).OnArtifactEventAsync(pushed with { Tags = ["dev"] }));
        Assert.Equal(notSelected, await Grain(replicating).OnArtifactEventAsync(pushed with { Repository = ReplicationRuns.UniqueName("other") + "/app" }));
        Assert.Equal(notSelected, await Grain(keeping).OnArtifactEventAsync(deleted));
        Assert.Equal(notSelected, await Grain(manual).OnArtifactEventAsync(pushed));
        Assert.Equal(2, (await ExecutionsOfAsync(replicating)).Count);
        Assert.Empty(await ExecutionsOfAsync(keeping));
        Assert.Empty(await ExecutionsOfAsync(manual));
    }

    /// <summary>Items compare field by field, tags included (records compare lists by reference).</summary>
    private sealed class ItemEquality : IEqualityComparer<ReplicationItem>
    {
        public static ItemEquality Instance { get; } = new();

        public bool Equals(ReplicationItem? x, ReplicationItem? y) =>
            x is not null && y is not null && (x.Operation, x.ResourceType, x.SourceRepository, x.Digest, string.Join(",", x.Tags), x.DestinationRepository) ==
            (y.Operation, y.ResourceType, y.SourceRepository, y.Digest, string.Join(",", y.Tags), y.DestinationRepository);

        public int GetHashCode(ReplicationItem obj) => obj.Digest.GetHashCode(StringComparison.Ordinal);
    }
}
