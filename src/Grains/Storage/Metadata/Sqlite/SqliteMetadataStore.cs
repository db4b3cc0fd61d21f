using System.Text.Json;
using ArtifactKeeper.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>
/// Metadata store on one SQLite file, for embedded mode. Each operation opens a pooled connection;
/// writes run in <c>BEGIN IMMEDIATE</c> transactions so concurrent writers queue on the busy
/// timeout instead of failing on lock upgrade, and reads that span tables run in a deferred
/// transaction to see one WAL snapshot. Synchronous=FULL: a committed write survives power loss.
/// Disposing clears this database's connection pool, releasing its file handles.
/// </summary>
public sealed partial class SqliteMetadataStore : IMetadataStore, IDisposable
{
    private const string ConnectionPragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";

    private readonly string _databasePath;
    private readonly string _connectionString;
    private readonly Lock _writerGate = new();
    private SqliteGroupCommitWriter? _writer;

    public SqliteMetadataStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _databasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(_databasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);

        // WAL is a property of the file: set once, every later connection inherits it.
        await using (var wal = Command(connection, null, "PRAGMA journal_mode = WAL;"))
        {
            await wal.ExecuteScalarAsync(cancellationToken);
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction, SqliteSchema.CreateVersionTable, cancellationToken);

        var applied = new List<int>();
        await using (var current = Command(connection, transaction, "SELECT version FROM schema_version;"))
        await using (var reader = await current.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var migrations = SqliteSchema.Migrations.ToDictionary(m => m.Version, m => m.Sql);
        foreach (var migrationVersion in PendingMigrations.Select(SqliteSchema.Migrations.Select(m => m.Version), applied))
        {
            var sql = migrations[migrationVersion];
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO schema_version (version, applied_at) VALUES ($version, $at);",
                cancellationToken,
                ("$version", migrationVersion),
                ("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public void Dispose()
    {
        SqliteGroupCommitWriter? writer;
        lock (_writerGate)
        {
            writer = _writer;
            _writer = null;
        }

        writer?.DisposeAsync().AsTask().GetAwaiter().GetResult();

        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, ConnectionPragmas, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write (<c>BEGIN IMMEDIATE</c>) transaction and commits.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        Writer().WriteAsync(work, cancellationToken);

    private Task<object?> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken) =>
        Writer().WriteAsync<object?>(
            async (connection, transaction) =>
            {
                await work(connection, transaction);
                return null;
            },
            cancellationToken);

    /// <summary>The group-commit writer, created on first write and again after <see cref="Dispose"/>.</summary>
    private SqliteGroupCommitWriter Writer()
    {
        lock (_writerGate)
        {
            return _writer ??= new SqliteGroupCommitWriter(OpenAsync);
        }
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private static string ToJson(IReadOnlyDictionary<string, string> values) => JsonSerializer.Serialize(values);

    private static Dictionary<string, string> FromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
