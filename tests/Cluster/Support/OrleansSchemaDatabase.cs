using ArtifactKeeper.Hosting.Cluster;
using ArtifactKeeper.Storage.Postgres;
using Npgsql;

namespace ArtifactKeeper.Tests.Cluster.Support;

/// <summary>
/// A fresh database on a <see cref="PostgresServer"/> migrated by <see cref="OrleansPostgresSchema"/>, as a
/// silo finds it once its schema initializer has run, plus plain SQL to check what the providers left.
/// </summary>
public sealed class OrleansSchemaDatabase : IAsyncDisposable
{
    /// <summary>The ADO.NET invariant cluster mode gives Orleans' providers (SiloHostingExtensions).</summary>
    public const string Invariant = "Npgsql";

    private OrleansSchemaDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<OrleansSchemaDatabase> CreateAsync(PostgresServer server, CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync("ak_orleans");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgresMigrator.ApplyAsync(dataSource, OrleansPostgresSchema.Definition, cancellationToken);
        return new OrleansSchemaDatabase(connectionString);
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>.</summary>
    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Closes the idle pooled connections the providers opened, so databases do not pile up connections.</summary>
    public ValueTask DisposeAsync()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
