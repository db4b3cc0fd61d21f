using System.Data;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ArtifactKeeper.Storage.Postgres;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>
/// Metadata store on PostgreSQL, for cluster mode: every silo and gateway shares one database.
/// Same tables and semantics as the SQLite store. Single-statement operations run on their own;
/// operations touching several rows run in one READ COMMITTED transaction, sent as one batch where
/// no statement depends on an earlier one's result; reads spanning tables run in a REPEATABLE READ
/// transaction to see one snapshot. Writes to one repository lock its <c>repositories</c> row
/// first, so they queue in one order and cannot deadlock each other.
/// </summary>
public sealed partial class PostgresMetadataStore : IMetadataStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresMetadataStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Creates or upgrades the schema (<see cref="PostgresSchema.Definition"/>); safe when several processes start at once.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        PostgresMigrator.ApplyAsync(_dataSource, PostgresSchema.Definition, cancellationToken);

    public void Dispose() => _dataSource.Dispose();

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Runs <paramref name="work"/> in a READ COMMITTED transaction and commits.</summary>
    private Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync(IsolationLevel.ReadCommitted, work, cancellationToken);

    private async Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken) =>
        await InTransactionAsync(
            IsolationLevel.ReadCommitted,
            async (connection, transaction) =>
            {
                await work(connection, transaction);
                return true;
            },
            cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a REPEATABLE READ transaction: every statement sees one snapshot.</summary>
    private Task<T> SnapshotAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync(IsolationLevel.RepeatableRead, work, cancellationToken);

    private async Task<T> InTransactionAsync<T>(
        IsolationLevel isolation, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Runs one statement on a pooled connection, in PostgreSQL's implicit transaction.</summary>
    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs one query on a pooled connection and maps its rows.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sends several statements in one round trip; they run in order inside <paramref name="transaction"/>.</summary>
    private static NpgsqlBatch Batch(NpgsqlConnection connection, NpgsqlTransaction transaction, params NpgsqlBatchCommand[] commands)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    private static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>A typed parameter: a null value still carries its type, which PostgreSQL needs to plan the statement.</summary>
    private static NpgsqlParameter<T> P<T>(string name, T value) => new(name, value);

    private static NpgsqlParameter<string?> Json(string name, IReadOnlyDictionary<string, string>? values) =>
        new(name, NpgsqlDbType.Jsonb) { TypedValue = values is null ? null : JsonSerializer.Serialize(values) };

    private static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private static Dictionary<string, string> FromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
