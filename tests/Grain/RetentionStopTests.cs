using System.Globalization;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Retention.Oci;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// Stopping a retention execution (Harbor's <c>PATCH .../executions/{id}</c> with <c>stop</c>) while its passes are in
/// the middle of their deletions: the batch store holds every pass at its first deletion step, the stop lands there,
/// and the execution ends Stopped having deleted a prefix of its plan, with a Stopped task for every repository it did
/// not finish or reach. A new execution then completes the job.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class RetentionStopTests(RegistryClusterFixture fixture)
{
    private const int Kept = 10;

    /// <summary>Artifacts of the large repository: its deletions take three steps of <see cref="OciRepositoryRetention.DeletionsPerStep"/>.</summary>
    private const int LargeCount = (2 * OciRepositoryRetention.DeletionsPerStep) + 100 + Kept;

    private const int SmallCount = 12;

    private const int SmallRepositories = 7;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stop_mid_repository_ends_the_execution_Stopped_after_a_prefix_of_the_plan_and_a_new_execution_completes_it()
    {
        var project = "retstop" + Guid.NewGuid().ToString("N")[..10];
        Assert.True((await fixture.Client.GetGrain<IProjectGrain>(project).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()))).Succeeded);
        var projectId = (await fixture.Client.GetGrain<IProjectGrain>(project).GetAsync())!.ProjectId;

        // Plan order is by name: the large repository comes first, so it is among the passes under way when the stop lands.
        var large = $"{project}/a-large";
        var small = Enumerable.Range(1, SmallRepositories).Select(i => $"{project}/r{i}").ToList();
        await SeedLargeAsync(large);
        foreach (var repository in small)
        {
            await PushSmallAsync(repository);
        }

        var policy = await fixture.Client.GetGrain<IProjectRetentionGrain>(project).TryCreateRetentionPolicyAsync(ProjectRetentionPolicies.KeepLatest(projectId, Kept, "**"));
        Assert.True(policy.Succeeded, policy.Message);
        var grain = fixture.Client.GetGrain<IRetentionPolicyGrain>(policy.Policy!.Id.ToString(CultureInfo.InvariantCulture));

        // What the plan would delete in the large repository, from a dry run.
        var dry = await FinishAsync(await StartAsync(grain, dryRun: true));
        Assert.Equal(RetentionStatus.Success, dry.Status);
        var planned = ActionTags(await LogOfAsync(dry.Id, large), "WOULD-DELETE");
        Assert.Equal(LargeCount - Kept, planned.Count);

        long stoppedId;
        IReadOnlySet<string> held;
        using (var hold = fixture.Batches.Arm())
        {
            stoppedId = await StartAsync(grain, dryRun: false);

            // One pass per worker reached its first deletion step and waits there (its grain busy); nothing was deleted yet.
            held = await hold.WaitForHeldAsync(RetentionPolicyGrain.Concurrency, Ct);
            Assert.Contains(large, held);
            Assert.Equal(LargeCount, (await fixture.Metadata.LoadRepositoryAsync(large, Ct)).Manifests.Count);
            var stop = await grain.TryStopExecutionAsync(stoppedId);
            Assert.True(stop.Succeeded, stop.Message);
        }

        var stopped = await FinishAsync(stoppedId);
        Assert.Equal(RetentionStatus.Stopped, stopped.Status);
        var tasks = (await fixture.Metadata.ListRetentionTasksAsync(stoppedId, 1, 100, Ct)).Items.ToDictionary(t => t.Repository, StringComparer.Ordinal);
        Assert.Equal(small.Append(large).Order(StringComparer.Ordinal), tasks.Keys.Order(StringComparer.Ordinal));

        // The large pass finished the step under way and stopped: one step's deletions, a prefix of the plan.
        var largeTask = tasks[large];
        Assert.Equal(RetentionStatus.Stopped, largeTask.Status);
        Assert.Equal(LargeCount, largeTask.Total);
        Assert.Equal(LargeCount - OciRepositoryRetention.DeletionsPerStep, largeTask.Retained);
        var largeLog = await LogOfAsync(stoppedId, large);
        Assert.StartsWith($"Stopped: execution {stoppedId} was stopped during this pass", largeLog, StringComparison.Ordinal);
        var deleted = ActionTags(largeLog, "DELETED");
        var notTried = ActionTags(largeLog, "SKIPPED");
        Assert.Equal(OciRepositoryRetention.DeletionsPerStep, deleted.Count);
        Assert.Equal(LargeCount - Kept - OciRepositoryRetention.DeletionsPerStep, notTried.Count);
        Assert.Subset(planned, deleted);
        Assert.Equal(planned, deleted.Union(notTried).ToHashSet(StringComparer.Ordinal));
        Assert.All(largeLog.Split('\n').Where(l => l.StartsWith("SKIPPED", StringComparison.Ordinal)),
            l => Assert.Contains($"not deleted: execution {stoppedId} was stopped before this deletion", l, StringComparison.Ordinal));
        var left = (await TagsAsync(large)).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, LargeCount).Select(Seeded).Except(deleted), left.Order(StringComparer.Ordinal));
        Assert.Superset(KeptLarge().ToHashSet(StringComparer.Ordinal), left);

        // The small passes held with the large one had one step each: it completed, so they succeeded.
        var completed = small.Where(r => tasks[r].Status == RetentionStatus.Success).ToList();
        Assert.Equal(held.Except([large]).Order(StringComparer.Ordinal), completed);
        Assert.All(completed, r => Assert.Equal((SmallCount, Kept), (tasks[r].Total, tasks[r].Retained)));

        // Those not reached have a Stopped task that says so, and were not touched.
        var notReached = small.Except(completed).ToList();
        Assert.Equal(SmallRepositories - completed.Count, notReached.Count);
        foreach (var repository in notReached)
        {
            Assert.Equal((RetentionStatus.Stopped, 0, 0), (tasks[repository].Status, tasks[repository].Total, tasks[repository].Retained));
            Assert.Equal($"Repository {repository}: not evaluated: execution {stoppedId} was stopped first\n", await LogOfAsync(stoppedId, repository));
            Assert.Equal(SmallCount, (await TagsAsync(repository)).Count);
        }

        // Exactly the deletions made are audited.
        Assert.Equal(OciRepositoryRetention.DeletionsPerStep + (completed.Count * (SmallCount - Kept)), (int)await AuditedAsync(projectId));

        // A new execution finishes the job.
        var again = await FinishAsync(await StartAsync(grain, dryRun: false));
        Assert.Equal(RetentionStatus.Success, again.Status);
        var rerun = (await fixture.Metadata.ListRetentionTasksAsync(again.Id, 1, 100, Ct)).Items;
        Assert.All(rerun, t => Assert.Equal(RetentionStatus.Success, t.Status));
        Assert.Equal(small.Count + 1, rerun.Count);
        Assert.Equal((LargeCount - OciRepositoryRetention.DeletionsPerStep, Kept), rerun.Where(t => t.Repository == large).Select(t => (t.Total, t.Retained)).Single());
        Assert.Equal(KeptLarge(), (await TagsAsync(large)).Order(StringComparer.Ordinal));
        foreach (var repository in small)
        {
            Assert.Equal(Enumerable.Range(SmallCount - Kept + 1, Kept).Select(SmallTag), (await TagsAsync(repository)).Order(StringComparer.Ordinal));
        }

        Assert.Equal(LargeCount - Kept + (SmallRepositories * (SmallCount - Kept)), (int)await AuditedAsync(projectId));
    }

    private static IEnumerable<string> KeptLarge() => Enumerable.Range(LargeCount - Kept, Kept).Select(Seeded);

    private static string Seeded(int i) => "s" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static string SmallTag(int i) => "v" + i.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>The tags of the task log's lines for <paramref name="action"/> (the log's first column).</summary>
    private static HashSet<string> ActionTags(string log, string action) => log.Split('\n')
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(columns => columns.Length > 1 && columns[0] == action)
        .Select(columns => columns[1])
        .ToHashSet(StringComparer.Ordinal);

    private async Task<string> LogOfAsync(long executionId, string repository)
    {
        var task = (await fixture.Metadata.ListRetentionTasksAsync(executionId, 1, 100, Ct)).Items.Single(t => t.Repository == repository);
        return (await fixture.Metadata.GetRetentionTaskLogAsync(task.Id, Ct))!;
    }

    private async Task<long> AuditedAsync(long projectId) => (await fixture.Client.GetGrain<IAuditLogGrain>(0).ListAsync(new AuditLogQuery(
        [new AuditFilter(AuditLogFields.Username, AuditMatch.Exact, [RetentionTaskLog.Actor])], AuditLogFields.DefaultSort, 1, 1, [projectId]))).Total;

    private static async Task<long> StartAsync(IRetentionPolicyGrain grain, bool dryRun)
    {
        var started = await grain.TryStartExecutionAsync(RetentionTriggers.Manual, dryRun);
        Assert.True(started.Succeeded, started.Message);
        return started.Execution!.Id;
    }

    private async Task<RetentionExecution> FinishAsync(long id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        while (true)
        {
            var execution = (await fixture.Metadata.GetRetentionExecutionAsync(id, Ct))!;
            if (RetentionStatus.IsFinal(execution.Status))
            {
                return execution;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }

    /// <summary>
    /// <see cref="LargeCount"/> artifacts s0000.. pushed in that order, each its own digest: the first pushed for real,
    /// the rest written straight to the store beside it, then loaded by a fresh activation.
    /// </summary>
    private async Task SeedLargeAsync(string repository)
    {
        var configBytes = TestContent.Utf8("{}");
        var layerBytes = TestContent.RandomBytes();
        var config = (await TestContent.PublishBlobAsync(fixture, repository, configBytes), (long)configBytes.Length);
        var layer = (await TestContent.PublishBlobAsync(fixture, repository, layerBytes), (long)layerBytes.Length);
        var pushed = await fixture.Client.GetGrain<IRepositoryGrain>(repository)
            .PutManifestAsync(new PutManifestRequest(Seeded(0), ManifestMediaTypes.OciManifest, Manifests.Image(config, layer)));
        Assert.True(pushed.Succeeded, pushed.Message);
        var record = Assert.Single((await fixture.Metadata.LoadRepositoryAsync(repository, Ct)).Manifests);
        var salt = Guid.NewGuid().ToString("N")[..16];
        foreach (var chunk in Enumerable.Range(1, LargeCount - 1).Chunk(500))
        {
            await Task.WhenAll(chunk.Select(i => fixture.Metadata.PutManifestAsync(
                record with { Digest = "sha256:" + salt + i.ToString("x48", CultureInfo.InvariantCulture), PushedAt = record.PushedAt.AddSeconds(i) },
                Seeded(i),
                Ct)));
        }

        await fixture.ReactivateAsync(fixture.Client.GetGrain<IRepositoryGrain>(repository));
        Assert.Equal(LargeCount, (await TagsAsync(repository)).Count);
    }

    /// <summary>Tags v01.. on their own manifests over one config and layer, pushed in that order.</summary>
    private Task PushSmallAsync(string repository) =>
        TaggedImages.PushOneEachAsync(fixture, repository, Enumerable.Range(1, SmallCount).Select(SmallTag));

    private Task<IReadOnlyList<string>> TagsAsync(string repository) => TaggedImages.TagsAsync(fixture, repository);
}
