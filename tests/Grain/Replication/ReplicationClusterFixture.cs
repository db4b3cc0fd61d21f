using ArtifactKeeper.Storage.Metadata.Sqlite;
using ArtifactKeeper.Tests.Shared.Loopback;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// One replication silo over temp stores and one real docker-registry, shared by a test class; each test pushes its
/// own images and replicates to its own <see cref="ReplicationDestination"/> (its own target).
/// </summary>
public sealed class ReplicationClusterFixture : IAsyncLifetime
{
    private ReplicationStores? _stores;
    private InProcessTestCluster? _cluster;

    public DistributionRegistry Registry { get; } = new();

    public SqliteMetadataStore Metadata => Stores.Metadata;

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("Fixture not initialized")).Client;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Fixture not initialized");

    private ReplicationStores Stores => _stores ?? throw new InvalidOperationException("Fixture not initialized");

    public async ValueTask InitializeAsync()
    {
        await Registry.StartAsync();
        _stores = await ReplicationStores.CreateAsync(CancellationToken.None);
        _cluster = await ReplicationSilo.StartAsync(_stores.Metadata, _stores.Blobs, CancellationToken.None);
    }

    public Task<ReplicationDestination> DestinationAsync(CancellationToken cancellationToken) =>
        ReplicationDestination.CreateAsync(Registry, Metadata, cancellationToken);

    /// <summary>Pushes a fresh image to a fresh repository of this registry.</summary>
    public Task<TestImage> PushImageAsync(CancellationToken cancellationToken, int layerSize = 2048) =>
        PushImageAsync(TestContent.NewRepository("src"), cancellationToken, layerSize);

    /// <summary>Pushes a fresh image to <paramref name="repository"/> of this registry under <paramref name="tag"/>.</summary>
    public Task<TestImage> PushImageAsync(string repository, CancellationToken cancellationToken, int layerSize = 2048, string tag = "v1") =>
        ReplicationImages.PushAsync(Client, Stores.Blobs, ReplicationImages.Build(repository, tag, layerSize), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await ReplicationSilo.StopAsync(_cluster);
        }

        if (_stores is not null)
        {
            await _stores.DisposeAsync();
        }

        await Registry.DisposeAsync();
    }
}
