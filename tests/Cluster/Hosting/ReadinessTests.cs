using System.Net;
using System.Text.Json;
using ArtifactKeeper.Tests.Cluster.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ArtifactKeeper.Tests.Cluster.Hosting;

/// <summary>
/// Readiness follows the components a gateway needs: with the PostgreSQL metadata database refusing
/// connections, <c>/health/ready</c> answers 503 and Harbor's health names the database unhealthy (still
/// 200, as Harbor does); once the database is back, both recover without a restart.
/// </summary>
public sealed class ReadinessTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_is_503_and_health_names_the_database_while_it_refuses_connections_then_recovers()
    {
        var connectionString = await server.CreateDatabaseAsync("ready");
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var factory = new PostgresGatewayFactory(connectionString);
        using var client = factory.CreateClient();

        using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Equal("healthy", await ComponentStatusAsync(client, "database"));

        await SetConnectionsAllowedAsync(database, allowed: false);
        try
        {
            using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            using (var health = await client.GetAsync(new Uri("/api/v2.0/health", UriKind.Relative), Ct))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync(Ct));
                Assert.Equal("unhealthy", json.RootElement.GetProperty("status").GetString());
            }

            Assert.Equal("unhealthy", await ComponentStatusAsync(client, "database"));
            Assert.Equal("healthy", await ComponentStatusAsync(client, "registry"));
        }
        finally
        {
            await SetConnectionsAllowedAsync(database, allowed: true);
        }

        // Pooled connections the outage broke are discarded on first use; readiness returns on its own.
        var deadline = DateTime.UtcNow + RecoveryLimit;
        HttpStatusCode status;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), Ct);
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
            status = ready.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", await ComponentStatusAsync(client, "database"));
    }

    private static async Task<string?> ComponentStatusAsync(HttpClient client, string component)
    {
        using var health = await client.GetAsync(new Uri("/api/v2.0/health", UriKind.Relative), Ct);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString() == component)
            .Select(c => c.GetProperty("status").GetString())
            .Single();
    }

    /// <summary>Makes the database refuse new connections and drops the open ones, as an outage would.</summary>
    private async Task SetConnectionsAllowedAsync(string database, bool allowed)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync(Ct);
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection))
        {
            await alter.ExecuteNonQueryAsync(Ct);
        }

        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @database", connection);
            terminate.Parameters.AddWithValue("database", database);
            await terminate.ExecuteNonQueryAsync(Ct);
        }
    }

    /// <summary>The gateway in embedded mode, with its metadata on the given PostgreSQL database.</summary>
    private sealed class PostgresGatewayFactory(string connectionString) : WebApplicationFactory<Program>
    {
        private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ak-ready-" + Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ArtifactKeeper:DataPath", _dataPath);
            builder.UseSetting("ArtifactKeeper:Metadata:Provider", "PostgreSql");
            builder.UseSetting("ArtifactKeeper:Metadata:ConnectionString", connectionString);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (Directory.Exists(_dataPath))
            {
                Directory.Delete(_dataPath, recursive: true);
            }
        }
    }
}
