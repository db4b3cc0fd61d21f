using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// Tests whose silos come and go over stores that outlive each of them: fresh <see cref="ReplicationStores"/> for every
/// test, deleted after it, and the wait for an execution to end.
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

    /// <summary>Execution <paramref name="id"/> once it is no longer in progress.</summary>
    protected Task<ReplicationExecutionRecord> EndedAsync(long id) =>
        ReplicationSilo.WaitForAsync(
            async () => (await Stores.Metadata.GetReplicationExecutionAsync(id, Ct))!, e => e.Status != ReplicationStatuses.InProgress, Ct);
}
