using System.Globalization;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// <see cref="IRetentionPolicyGrain"/> on the real SQLite store: an execution covers every repository of its project as
/// one task each (fanned out to the repository grains), a dry run reports what the real run then deletes, and the real
/// run's deletions land in the audit log as user <c>retention</c>.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class RetentionPolicyGrainTests(RegistryClusterFixture fixture)
{
    private const int TagsPerRepository = 12;

    private const int Kept = 10;

    [Fact]
    public async Task An_execution_runs_one_task_per_repository_dry_run_equals_real_run_and_deletions_are_audited()
    {
        var project = "retpol" + Guid.NewGuid().ToString("N")[..10];
        var created = await fixture.Client.GetGrain<IProjectGrain>(project).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()));
        Assert.True(created.Succeeded);
        var projectId = (await fixture.Client.GetGrain<IProjectGrain>(project).GetAsync())!.ProjectId;
        var repositories = new[] { TestContent.NewRepository(project), TestContent.NewRepository(project), TestContent.NewRepository(project) };
        foreach (var repository in repositories)
        {
            await PushTagsAsync(repository);
        }

        // Projects whose repository names sort right before and right after this project's: never part of its run.
        var neighbours = new List<string>();
        foreach (var neighbour in new[] { project + "-n", project + "0" })
        {
            Assert.True((await fixture.Client.GetGrain<IProjectGrain>(neighbour).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>()))).Succeeded);
            neighbours.Add(TestContent.NewRepository(neighbour));
            await PushTagsAsync(neighbours[^1]);
        }

        var policy = await fixture.Client.GetGrain<IProjectRetentionGrain>(project).TryCreateRetentionPolicyAsync(ProjectRetentionPolicies.KeepLatest(projectId, Kept, "v*"));
        Assert.True(policy.Succeeded, policy.Message);
        var grain = fixture.Client.GetGrain<IRetentionPolicyGrain>(policy.Policy!.Id.ToString(CultureInfo.InvariantCulture));

        var dry = await RunAsync(grain, dryRun: true);
        foreach (var repository in repositories)
        {
            Assert.Equal(TagsPerRepository, (await TagsAsync(repository)).Count);
        }

        var real = await RunAsync(grain, dryRun: false);

        Assert.Equal(
            repositories.Order(StringComparer.Ordinal).Select(r => (r, RetentionStatus.Success, TagsPerRepository, Kept)),
            real.Select(t => (t.Repository, t.Status, t.Total, t.Retained)).Order());
        Assert.Equal(dry.Select(t => (t.Repository, t.Total, t.Retained)).Order(), real.Select(t => (t.Repository, t.Total, t.Retained)).Order());
        foreach (var repository in repositories)
        {
            Assert.Equal(Enumerable.Range(TagsPerRepository - Kept + 1, Kept).Select(Tag), (await TagsAsync(repository)).Order(StringComparer.Ordinal));
        }

        foreach (var neighbour in neighbours)
        {
            Assert.Equal(TagsPerRepository, (await TagsAsync(neighbour)).Count);
        }

        var audited = await fixture.Client.GetGrain<IAuditLogGrain>(0).ListAsync(new AuditLogQuery(
            [new AuditFilter(AuditLogFields.Username, AuditMatch.Exact, ["retention"])], AuditLogFields.DefaultSort, 1, 100, [projectId]));
        Assert.Equal(repositories.Length * (TagsPerRepository - Kept), audited.Total);
    }

    private async Task<IReadOnlyList<RetentionTask>> RunAsync(IRetentionPolicyGrain grain, bool dryRun)
    {
        var started = await grain.TryStartExecutionAsync(RetentionTriggers.Manual, dryRun);
        Assert.True(started.Succeeded, started.Message);
        var id = started.Execution!.Id;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await fixture.Metadata.GetRetentionExecutionAsync(id, CancellationToken.None) is { } execution && !RetentionStatus.IsFinal(execution.Status))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }

        Assert.Equal(RetentionStatus.Success, (await fixture.Metadata.GetRetentionExecutionAsync(id, CancellationToken.None))!.Status);
        return (await fixture.Metadata.ListRetentionTasksAsync(id, 1, 100, CancellationToken.None)).Items;
    }

    /// <summary>Tags v01.. on their own manifests over one config and layer, pushed in that order.</summary>
    private Task PushTagsAsync(string repository) =>
        TaggedImages.PushOneEachAsync(fixture, repository, Enumerable.Range(1, TagsPerRepository).Select(Tag));

    private Task<IReadOnlyList<string>> TagsAsync(string repository) => TaggedImages.TagsAsync(fixture, repository);

    private static string Tag(int i) => "v" + i.ToString("D2", CultureInfo.InvariantCulture);
}
