using System.Globalization;
using Npgsql;

namespace ArtifactKeeper.Storage.Postgres;

/// <summary>One numbered step of a schema; append new steps, never edit an applied one.</summary>
public sealed record PostgresMigration(int Version, string Sql);

/// <summary>
/// A schema owned by one part of the system, with its own version table and advisory lock key, so
/// several schemas (registry metadata, Orleans' tables) share one database without coordinating.
/// </summary>
public sealed record PostgresSchemaDefinition(string VersionTable, long LockKey, IReadOnlyList<PostgresMigration> Migrations);

/// <summary>
/// Applies the migrations of a <see cref="PostgresSchemaDefinition"/> above the recorded version in one
/// transaction under a transaction-scoped advisory lock.
/// </summary>
/// <remarks>
/// The lock is held until commit, so when several processes start together one migrates and the others
/// then find the recorded version and apply nothing. DDL is transactional in PostgreSQL: a failed
/// migration leaves no half-made schema.
/// </remarks>
public static class PostgresMigrator
{
    public static async Task<int> ApplyAsync(NpgsqlDataSource dataSource, PostgresSchemaDefinition schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key);", cancellationToken, new NpgsqlParameter<long>("key", schema.LockKey));
        await ExecuteAsync(
            connection,
            transaction,
            $"CREATE TABLE IF NOT EXISTS {schema.VersionTable} (version integer PRIMARY KEY, applied_at bigint NOT NULL);",
            cancellationToken);

        await using var current = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {schema.VersionTable};", connection, transaction);
        var version = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        var applied = 0;
        foreach (var migration in schema.Migrations.Where(m => m.Version > version).OrderBy(m => m.Version))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {schema.VersionTable} (version, applied_at) VALUES (@version, @at);",
                cancellationToken,
                new NpgsqlParameter<int>("version", migration.Version),
                new NpgsqlParameter<long>("at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            applied++;
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
