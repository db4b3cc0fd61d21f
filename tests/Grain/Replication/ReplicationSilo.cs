using ArtifactKeeper.Gc;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Hosting.Background;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.Execution;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Replication.Transfer.Remote;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// One-silo clusters for replication tests: this registry's grains over a given SQLite file and blob directory, with
/// the production registrations of policies, executions, transfer queues, the real copier and the real remote client
/// (endpoints read from the same store), real time, and short backoffs, chunks and resume interval.
/// </summary>
public static class ReplicationSilo
{
    public const int Concurrency = 2;
    public const int MaxAttempts = 3;
    public const int TargetBandwidthKbps = 512;

    /// <summary>The smallest chunk the options allow, so a few blobs of test size go in several chunks.</summary>
    public const long ChunkSize = 64 * 1024;

    /// <remarks><paramref name="replace"/> runs last, so a test may put a service of its own over a production one.</remarks>
    public static async Task<InProcessTestCluster> StartAsync(
        SqliteMetadataStore metadata, IBlobStore blobs, CancellationToken cancellationToken, Action<ReplicationOptions>? configure = null,
        Action<IServiceCollection>? replace = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            var services = silo.Services;
            services.AddSingleton(TimeProvider.System);
            services.AddMetadataStore();

            // After the production factory, so every metadata interface it forwards resolves to this file.
            services.AddSingleton<IMetadataStore>(metadata);
            services.AddSingleton(blobs);
            services.AddSingleton(Options.Create(new QuotaOptions()));
            services.AddSingleton(Options.Create(new UploadOptions()));
            services.AddSingleton(Options.Create(new GcOptions()));
            services.AddSingleton(Options.Create(new VulnerabilityPolicyOptions()));
            services.AddSingleton<ForegroundActivity>();
            services.AddContentTrust();
            services.AddReplicationPolicies();
            services.AddArtifactTransfer();
            services.AddRemoteRegistries();
            services.AddReplicationExecutions();
            services.Configure<ReplicationOptions>(options =>
            {
                options.ConcurrencyPerTarget = Concurrency;
                options.MaxAttempts = MaxAttempts;
                options.ChunkSize = ChunkSize;
                options.BaseDelay = TimeSpan.FromMilliseconds(5);
                options.MaxDelay = TimeSpan.FromMilliseconds(40);
                options.ResumeInterval = TimeSpan.FromMilliseconds(200);
                options.TargetBandwidthKbps = TargetBandwidthKbps;
                configure?.Invoke(options);
            });
            replace?.Invoke(services);
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
        limit.CancelAfter(TimeSpan.FromSeconds(90));
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
