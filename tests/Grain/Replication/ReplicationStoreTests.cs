using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// Tests whose silos come and go over stores that outlive each of them: fresh <see cref="ReplicationStores"/> for every
/// test, deleted after it, images pushed into them, and the wait for an execution to end.
/// </summary>
public abstract class ReplicationStoreTests : IAsyncLifetime
{
    private ReplicationStores? _stores;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected ReplicationStores Stores => _stores!;

    public async ValueTask InitializeAsync() => _stores = await ReplicationStores.CreateAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }
    }

    /// <summary>Pushes one test image into each repository through a silo started for it and stopped after.</summary>
    protected async Task<List<TestImage>> PushAsync(params string[] repositories)
    {
        var silo = await ReplicationSilo.StartAsync(Stores.Metadata, Stores.Blobs, Ct);
        try
        {
            var images = new List<TestImage>();
            foreach (var repository in repositories)
            {
                images.Add(await ReplicationImages.PushAsync(silo.Client, Stores.Blobs, ReplicationImages.Build(repository), Ct));
            }

            return images;
        }
        finally
        {
            await ReplicationSilo.StopAsync(silo);
        }
    }

    /// <summary>A silo whose resumer looks for lost plannings at once, as the next silo after a loss does.</summary>
    protected Task<InProcessTestCluster> ResumingSiloAsync() =>
        ReplicationSilo.StartAsync(Stores.Metadata, Stores.Blobs, Ct, options => options.PlanningCheckAfter = TimeSpan.Zero);

    /// <summary>What execution <paramref name="id"/>'s tasks copy: digest and destination repository, by destination.</summary>
    protected async Task<List<(string Digest, string DestinationRepository)>> TaskTargetsAsync(long id) =>
        (await Stores.Metadata.ListReplicationTasksAsync(id, null, null, 1, 10, Ct)).Items
            .Select(t => (t.Item.Digest, t.Item.DestinationRepository))
            .OrderBy(t => t.DestinationRepository, StringComparer.Ordinal)
            .ToList();

    /// <summary>Execution <paramref name="id"/> once it is no longer in progress.</summary>
    protected Task<ReplicationExecutionRecord> EndedAsync(long id) =>
        ReplicationSilo.WaitForAsync(
            async () => (await Stores.Metadata.GetReplicationExecutionAsync(id, Ct))!, e => e.Status != ReplicationStatuses.InProgress, Ct);
}
