using ArtifactKeeper.Replication.Execution;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// One-silo clusters for replication tests: the production registration of executions and transfer queues over a
/// given SQLite store, with the stand-in copier and registries, real time, and short backoffs and resume interval.
/// </summary>
public static class ReplicationSilo
{
    public const int Concurrency = 2;
    public const int MaxAttempts = 3;
    public const int TargetBandwidthKbps = 512;

    public static async Task<InProcessTestCluster> StartAsync(SqliteMetadataStore metadata, StandInCopier copier, CancellationToken cancellationToken)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            var services = silo.Services;
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<IReplicationExecutionMetadata>(metadata);
            services.AddReplicationExecutions();
            services.Configure<ReplicationOptions>(options =>
            {
                options.ConcurrencyPerTarget = Concurrency;
                options.MaxAttempts = MaxAttempts;
                options.BaseDelay = TimeSpan.FromMilliseconds(5);
                options.MaxDelay = TimeSpan.FromMilliseconds(40);
                options.ResumeInterval = TimeSpan.FromMilliseconds(200);
                options.TargetBandwidthKbps = TargetBandwidthKbps;
            });
            services.AddSingleton<IArtifactCopier>(copier);
            services.AddSingleton<IRemoteRegistryFactory, StandInRemoteRegistries>();
            services.AddKeyedSingleton<IOciRegistry>(ReplicationSides.LocalRegistryKey, new InertRegistry("local"));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync(cancellationToken);
        return cluster;
    }

    public static async Task StopAsync(InProcessTestCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails after a generous limit rather than hanging the run.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> condition, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), limit.Token);
        }
    }
}
