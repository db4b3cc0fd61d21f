using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata.Sqlite;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>A SQLite metadata file and a blob directory in a temp directory, outliving the silos started over them.</summary>
public sealed class ReplicationStores : IAsyncDisposable
{
    private readonly string _root;

    private ReplicationStores(string root, SqliteMetadataStore metadata)
    {
        _root = root;
        Metadata = metadata;
        Blobs = new FileSystemBlobStore(Path.Combine(root, "blobs"));
    }

    public SqliteMetadataStore Metadata { get; }

    public FileSystemBlobStore Blobs { get; }

    public static async Task<ReplicationStores> CreateAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "ak-replication-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var metadata = new SqliteMetadataStore(Path.Combine(root, "metadata.db"));
        await metadata.InitializeAsync(cancellationToken);
        return new ReplicationStores(root, metadata);
    }

    public ValueTask DisposeAsync()
    {
        Blobs.Dispose();
        Metadata.Dispose();
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
}
