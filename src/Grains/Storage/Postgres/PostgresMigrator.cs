using System.Globalization;
using ArtifactKeeper.Storage.Schema;
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
/// Applies the migrations of a <see cref="PostgresSchemaDefinition"/> not yet recorded (see <see cref="PendingMigrations"/>) in one
/// transaction under a transaction-scoped advisory lock.
/// </summary>
/// <remarks>
/// The lock is held until commit, so when several processes start together one migrates and the others
/// then find every version recorded and apply nothing. DDL is transactional in PostgreSQL: a failed
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

        var recorded = new List<int>();
        await using (var current = new NpgsqlCommand($"SELECT version FROM {schema.VersionTable};", connection, transaction))
        await using (var reader = await current.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded.Add(reader.GetInt32(0));
            }
        }

        var migrations = schema.Migrations.ToDictionary(m => m.Version);
        var applied = 0;
        foreach (var version in PendingMigrations.Select(schema.Migrations.Select(m => m.Version), recorded))
        {
            var migration = migrations[version];
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
