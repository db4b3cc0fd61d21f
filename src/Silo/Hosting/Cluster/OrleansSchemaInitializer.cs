using ArtifactKeeper.Storage.Postgres;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ArtifactKeeper.Hosting.Cluster;

/// <summary>
/// Creates Orleans' tables and queries (<see cref="OrleansPostgresSchema"/>) before the silo or client
/// starts: both read <c>OrleansQuery</c> as their first step. Registered ahead of Orleans so it runs first.
/// </summary>
internal sealed class OrleansSchemaInitializer(IOptions<MetadataStoreOptions> options, ILogger<OrleansSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(options.Value.ConnectionString!);
        var applied = await PostgresMigrator.ApplyAsync(dataSource, OrleansPostgresSchema.Definition, cancellationToken);
        if (applied > 0)
        {
            logger.LogInformation("Applied {Count} Orleans schema migration(s)", applied);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
