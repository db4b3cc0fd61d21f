using ArtifactKeeper.Storage.Metadata.Sqlite;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>One replication silo over a temp SQLite file, shared by a test class; tests use their own target keys.</summary>
public sealed class ReplicationClusterFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ak-replication-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster? _cluster;
    private SqliteMetadataStore? _metadata;

    public StandInCopier Copier { get; } = new();

    public SqliteMetadataStore Metadata => _metadata ?? throw new InvalidOperationException("Fixture not initialized");

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("Fixture not initialized")).Client;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _metadata = new SqliteMetadataStore(Path.Combine(_root, "metadata.db"));
        await _metadata.InitializeAsync(CancellationToken.None);
        _cluster = await ReplicationSilo.StartAsync(_metadata, Copier, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await ReplicationSilo.StopAsync(_cluster);
        }

        _metadata?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the run over it is not.
        }
    }
}
