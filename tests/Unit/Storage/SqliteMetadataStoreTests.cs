using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Tests.Unit.Storage;

public sealed class SqliteMetadataStoreTests : MetadataStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ak-meta-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteMetadataStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "nested", "metadata.db");

    protected override async Task<IMetadataStore> CreateStoreAsync()
    {
        // Closing the earlier instances' pooled connections makes the new instance read the file afresh.
        foreach (var earlier in _stores)
        {
            earlier.Dispose();
        }

        var store = new SqliteMetadataStore(DatabasePath);
        _stores.Add(store);
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override async Task UndoQuotaMigrationAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DROP TABLE quota_references; DROP TABLE quotas; DELETE FROM schema_version WHERE version = 10;";
        await command.ExecuteNonQueryAsync(Ct);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Initialize_creates_directory_enables_wal_and_records_schema_version()
    {
        await StoreAsync();

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteSchema.Migrations.Max(m => m.Version), await ScalarAsync(connection, "SELECT MAX(version) FROM schema_version;"));
        Assert.Equal((long)SqliteSchema.Migrations.Count, await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_version;"));
    }

    [Fact]
    public async Task Reinitialize_does_not_reapply_migrations()
    {
        await StoreAsync();
        await CreateStoreAsync();

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        Assert.Equal((long)SqliteSchema.Migrations.Count, await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_version;"));
    }

    [Fact]
    public async Task Timestamps_are_stored_as_unix_milliseconds()
    {
        var store = await StoreAsync();
        await store.SaveUploadAsync(new UploadRecord("u", "r", 0, T0, T0), Ct);

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync(Ct);
        Assert.Equal(T0.ToUnixTimeMilliseconds(), await ScalarAsync(connection, "SELECT updated_at FROM uploads WHERE id = 'u';"));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
