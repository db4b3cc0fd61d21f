using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// Queues survive their silo: tasks stored, or claimed, by one silo run after it is gone, on a second cluster over the
/// same SQLite file, with nobody calling the grains (the resumer wakes the target), and each runs to the end once.
/// </summary>
public sealed class ReplicationResumeTests : IAsyncLifetime
{
    private const long Target = 77;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ak-replication-resume-" + Guid.NewGuid().ToString("N"));
    private SqliteMetadataStore? _metadata;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteMetadataStore Metadata => _metadata!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _metadata = new SqliteMetadataStore(Path.Combine(_root, "metadata.db"));
        await _metadata.InitializeAsync(Ct);
    }

    public ValueTask DisposeAsync()
    {
        _metadata?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the run over it is not.
        }

        return ValueTask.CompletedTask;
    }

    private static ReplicationItem Copy(int i) =>
        new(ReplicationOperation.Copy, "image", "lib/app" + i, "sha256:" + i.ToString("x64", null), ["v1"], "mirror/lib/app" + i);

    private Task<ReplicationExecutionRecord> EndedAsync(long id) =>
        ReplicationSilo.WaitForAsync(async () => (await Metadata.GetReplicationExecutionAsync(id, Ct))!, e => e.Status != ReplicationStatuses.InProgress, Ct);

    [Fact]
    public async Task Tasks_running_when_their_silo_stops_run_to_the_end_on_the_next_silo_once()
    {
        var items = Enumerable.Range(1, 4).Select(Copy).ToList();
        var holding = new StandInCopier();
        items.ForEach(i => holding.Hold(i.Digest));
        var id = await Metadata.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, new ReplicationRoute(null, Target, true, 0, false), DateTimeOffset.UtcNow, Ct);

        var first = await ReplicationSilo.StartAsync(Metadata, holding, Ct);
        try
        {
            var grain = first.Client.GetGrain<IReplicationExecutionGrain>(id);
            await grain.AddTasksAsync(items);
            await grain.EndPlanningAsync(null);
            await ReplicationSilo.WaitForAsync(() => Task.FromResult(holding.Running), n => n == ReplicationSilo.Concurrency, Ct);
        }
        finally
        {
            await ReplicationSilo.StopAsync(first);
        }

        var copier = new StandInCopier();
        var second = await ReplicationSilo.StartAsync(Metadata, copier, Ct);
        try
        {
            var ended = await EndedAsync(id);

            Assert.Equal((ReplicationStatuses.Succeed, new ReplicationTaskCounts(4, 4, 0, 0, 0)), (ended.Status, ended.Tasks));
            Assert.All(items, i => Assert.Equal(0, holding.Completed(i.Digest)));
            Assert.All(items, i => Assert.Equal(1, copier.Completed(i.Digest)));
        }
        finally
        {
            await ReplicationSilo.StopAsync(second);
        }
    }

    [Fact]
    public async Task Tasks_claimed_by_an_activation_that_was_lost_are_taken_back_and_run_once()
    {
        var id = await Metadata.CreateReplicationExecutionAsync(1, ReplicationTriggers.Manual, new ReplicationRoute(null, Target, true, 0, false), DateTimeOffset.UtcNow, Ct);
        var items = Enumerable.Range(10, 3).Select(Copy).ToList();
        await Metadata.AddReplicationTasksAsync(id, Target, items, DateTimeOffset.UtcNow, Ct);
        await Metadata.EndReplicationPlanningAsync(id, null, Ct);
        // A silo that died mid-copy: two tasks claimed by its activation, never finished.
        Assert.Equal(2, (await Metadata.ClaimReplicationTasksAsync(Target, "lost-activation", 2, DateTimeOffset.UtcNow, Ct)).Count);

        var copier = new StandInCopier();
        var silo = await ReplicationSilo.StartAsync(Metadata, copier, Ct);
        try
        {
            var ended = await EndedAsync(id);

            Assert.Equal((ReplicationStatuses.Succeed, 3), (ended.Status, ended.Tasks.Succeed));
            Assert.All(items, i => Assert.Equal(1, copier.Completed(i.Digest)));
            var tasks = (await Metadata.ListReplicationTasksAsync(id, null, null, 1, 10, Ct)).Items;
            var interrupted = 0;
            foreach (var task in tasks)
            {
                interrupted += (await Metadata.GetReplicationTaskLogAsync(task.Id, Ct))!.Contains("interrupted", StringComparison.Ordinal) ? 1 : 0;
            }

            Assert.Equal(2, interrupted);
        }
        finally
        {
            await ReplicationSilo.StopAsync(silo);
        }
    }
}
