using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Postgres;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using ArtifactKeeper.Tests.Cluster.Support;
using ArtifactKeeper.Tests.Unit.Storage;
using Npgsql;

namespace ArtifactKeeper.Tests.Cluster.Storage;

/// <summary>
/// The shared metadata contract on a real PostgreSQL server, plus what only matters there:
/// concurrent start-up and ordering independent of the database locale. Each test gets a fresh database.
/// </summary>
public sealed class PostgresMetadataStoreTests(PostgresServer server) : MetadataStoreContract, IClassFixture<PostgresServer>, IAsyncDisposable
{
    private readonly List<PostgresMetadataStore> _stores = [];
    private string? _connectionString;

    protected override async Task<IMetadataStore> CreateStoreAsync()
    {
        var store = Track(new PostgresMetadataStore(await ConnectionStringAsync()));
        await store.InitializeAsync(Ct);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Initialize_twice_records_each_migration_once()
    {
        await StoreAsync();
        var versionsAfterFirst = await VersionsAsync();

        await (await StoreAsync()).InitializeAsync(Ct);
        await CreateStoreAsync();

        Assert.NotEmpty(versionsAfterFirst);
        // Versions are assigned per feature, so gaps are expected; each one must be recorded exactly once.
        Assert.Equal(versionsAfterFirst.Distinct().Order(), versionsAfterFirst);
        Assert.Equal(1, versionsAfterFirst[0]);
        Assert.Equal(versionsAfterFirst, await VersionsAsync());
    }

    [Fact]
    public async Task Concurrent_initialize_of_four_stores_on_a_fresh_database_all_succeed()
    {
        var connectionString = await ConnectionStringAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => Track(new PostgresMetadataStore(connectionString))).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(Ct), Ct)));

        var versions = await VersionsAsync();
        Assert.Equal(versions.Distinct().Order(), versions);
        Assert.Equal(1, versions[0]);
        for (var i = 0; i < stores.Count; i++)
        {
            await stores[i].PutManifestAsync(Manifest($"lib/app{i}", "sha256:m"), "v1", Ct);
        }

        Assert.Equal(["lib/app0", "lib/app1", "lib/app2", "lib/app3"], await stores[0].ListRepositoriesAsync(null, 10, Ct));
    }

    [Fact]
    public async Task Names_order_ordinally_like_sqlite_even_in_a_linguistic_database_locale()
    {
        // An ICU en-US database sorts "a/B" next to "a/b" and ignores punctuation at first level; the
        // "C" column collation must win over it.
        var database = "ak_icu_" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync($"CREATE DATABASE \"{database}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        var postgres = Track(new PostgresMetadataStore(server.ConnectionString(database)));
        await postgres.InitializeAsync(Ct);
        var directory = Path.Combine(Path.GetTempPath(), "ak-order-" + Guid.NewGuid().ToString("N"));
        var sqlite = new SqliteMetadataStore(Path.Combine(directory, "metadata.db"));
        try
        {
            await sqlite.InitializeAsync(Ct);
            string[] names = ["a/b", "a/B", "A/b", "a-b/c", "a_b/c", "a.b/c", "a/b-c", "a/b.c", "a/b_c", "a/b/c", "a/bc", "z/é", "z/e", "z/f", "0/x", "~/x"];
            foreach (var name in names)
            {
                await postgres.PutManifestAsync(Manifest(name, "sha256:m"), null, Ct);
                await sqlite.PutManifestAsync(Manifest(name, "sha256:m"), null, Ct);
            }

            string[] tags = ["latest", "Latest", "v1.0", "v1-0", "v1_0", "v10", "v1", "V1", "1.0"];
            foreach (var tag in tags)
            {
                await postgres.PutManifestAsync(Manifest("lib/tags", "sha256:t"), tag, Ct);
                await sqlite.PutManifestAsync(Manifest("lib/tags", "sha256:t"), tag, Ct);
            }

            var expectedNames = names.Order(StringComparer.Ordinal).ToList();
            Assert.NotEqual(expectedNames, await DefaultCollationOrderAsync(server.ConnectionString(database), names));
            var sqliteNames = await sqlite.ListRepositoriesAsync(null, 100, Ct);
            var postgresNames = await postgres.ListRepositoriesAsync(null, 100, Ct);
            Assert.Equal(expectedNames.Append("lib/tags").Order(StringComparer.Ordinal), sqliteNames);
            Assert.Equal(sqliteNames, postgresNames);
            Assert.Equal(
                await sqlite.ListRepositoriesAsync("a/b", 3, Ct),
                await postgres.ListRepositoriesAsync("a/b", 3, Ct));

            var sqliteTags = (await sqlite.LoadRepositoryAsync("lib/tags", Ct)).Tags.Select(t => t.Name).ToList();
            var postgresTags = (await postgres.LoadRepositoryAsync("lib/tags", Ct)).Tags.Select(t => t.Name).ToList();
            Assert.Equal(tags.Order(StringComparer.Ordinal), sqliteTags);
            Assert.Equal(sqliteTags, postgresTags);
        }
        finally
        {
            SqliteDispose(sqlite, directory);
        }
    }

    [Fact]
    public async Task Schema_leaves_orleans_table_names_free()
    {
        await StoreAsync();

        await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var tables = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            tables.Add(reader.GetString(0));
        }

        Assert.Contains("ak_schema_version", tables);
        Assert.Contains("manifests", tables);
        Assert.DoesNotContain(tables, t => t.StartsWith("orleans", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("schema_version", tables);
    }

    protected override async Task UndoQuotaMigrationAsync()
    {
        await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "DROP TABLE quota_references; DROP TABLE quotas; DELETE FROM ak_schema_version WHERE version = 10;", connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private PostgresMetadataStore Track(PostgresMetadataStore store)
    {
        _stores.Add(store);
        return store;
    }

    private async Task<string> ConnectionStringAsync() => _connectionString ??= await server.CreateDatabaseAsync();

    private async Task<List<int>> VersionsAsync()
    {
        await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT version FROM ak_schema_version ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var versions = new List<int>();
        while (await reader.ReadAsync(Ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task<List<string>> DefaultCollationOrderAsync(string connectionString, string[] names)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT n FROM unnest(@names) AS n ORDER BY n", connection);
        command.Parameters.AddWithValue("names", names);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var ordered = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            ordered.Add(reader.GetString(0));
        }

        return ordered;
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static void SqliteDispose(SqliteMetadataStore store, string directory)
    {
        store.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
