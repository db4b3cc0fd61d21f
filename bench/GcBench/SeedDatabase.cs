using System.Globalization;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// An embedded-mode data dir opened for bulk seeding: the real <see cref="SqliteMetadataStore"/> creates the schema
/// (every migration) and the project, then one plain connection with synchronous off takes the bulk inserts; on
/// <see cref="FinishAsync"/> the WAL is checkpointed and the store recomputes the project's quota usage, so the
/// gateway starts on a file as consistent as one it wrote itself.
/// </summary>
internal sealed class SeedDatabase : IAsyncDisposable
{
    private readonly string _dataPath;
    private readonly string? _project;

    private SeedDatabase(string dataPath, string? project, SqliteConnection connection, long? projectId)
    {
        _dataPath = dataPath;
        _project = project;
        Connection = connection;
        ProjectId = projectId;
    }

    public SqliteConnection Connection { get; }

    /// <summary>Harbor's project id of the seeded project (null when only garbage is seeded).</summary>
    public long? ProjectId { get; }

    public static string DatabasePath(string dataPath) => Path.Combine(dataPath, "metadata.db");

    public static string BlobFile(string dataPath, SyntheticBlob blob) => Path.Combine(dataPath, "blobs", "sha256", blob.Hex[..2], blob.Hex);

    /// <summary>Opens <paramref name="dataPath"/>, creating <paramref name="project"/> (unless null) if it is missing.</summary>
    public static async Task<SeedDatabase> OpenAsync(string dataPath, string? project, CancellationToken cancellationToken)
    {
        long? projectId = null;
        using (var store = new SqliteMetadataStore(DatabasePath(dataPath)))
        {
            await store.InitializeAsync(cancellationToken);
            if (project is not null)
            {
                var record = await store.GetProjectAsync(project, cancellationToken)
                    ?? await store.TryCreateProjectAsync(project, "admin", new Dictionary<string, string> { ["public"] = "false" }, DateTimeOffset.UtcNow, cancellationToken)
                    ?? throw new InvalidOperationException("project " + project + " was not created");
                projectId = record.ProjectId;
            }
        }

        for (var prefix = 0; prefix < 256; prefix++)
        {
            Directory.CreateDirectory(Path.Combine(dataPath, "blobs", "sha256", prefix.ToString("x2", CultureInfo.InvariantCulture)));
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath(dataPath), Pooling = false, DefaultTimeout = 60 }.ToString());
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA busy_timeout = 60000; PRAGMA cache_size = -400000;", cancellationToken);
        return new SeedDatabase(dataPath, project, connection, projectId);
    }

    public void WriteFiles(IReadOnlyCollection<SyntheticBlob> files, CancellationToken cancellationToken) =>
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, blob =>
            File.WriteAllBytes(BlobFile(_dataPath, blob), blob.Content));

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync(Connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        if (_project is not null)
        {
            using var store = new SqliteMetadataStore(DatabasePath(_dataPath));
            await store.RecomputeQuotaAsync(_project, DateTimeOffset.UtcNow, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
