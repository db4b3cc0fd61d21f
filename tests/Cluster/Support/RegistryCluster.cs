using System.Security.Cryptography;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Cluster.Support;

/// <summary>
/// Cluster mode in one process: three silos of an <see cref="InProcessTestCluster"/> over one fresh
/// PostgreSQL database and one shared blob directory. Each silo registers its stores through the
/// production <c>AddMetadataStore</c>/<c>AddBlobStore</c>, so it owns its own connection pool and blob
/// store instance, and loses them when it is killed, as a separate silo process would. The database is
/// migrated and seeded (admin, public <c>library</c> project) by the production <see cref="RegistrySeeder"/>.
/// One cluster per test: failover tests kill silos.
/// </summary>
public sealed class RegistryCluster : IAsyncDisposable
{
    public const short SiloCount = 3;

    private readonly InProcessTestCluster _cluster;
    private readonly string _root;

    private RegistryCluster(InProcessTestCluster cluster, string connectionString, string root, FileSystemBlobStore blobs)
    {
        _cluster = cluster;
        ConnectionString = connectionString;
        _root = root;
        Blobs = blobs;
    }

    public IClusterClient Client => _cluster.Client;

    /// <summary>The silos still running.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => _cluster.Silos;

    /// <summary>The database every silo writes through; open a fresh store on it to check what was persisted.</summary>
    public string ConnectionString { get; }

    /// <summary>A blob store on the silos' shared directory, standing in for the gateway that streams uploads into it.</summary>
    public FileSystemBlobStore Blobs { get; }

    public static async Task<RegistryCluster> StartAsync(PostgresServer server, CancellationToken cancellationToken)
    {
        var connectionString = await server.CreateDatabaseAsync("ak_failover");
        await using (var store = new PostgresMetadataStore(connectionString))
        {
            // Migrates, then creates the admin user and the library project, as on every silo start.
            var seeder = new RegistrySeeder(store, Options.Create(new ArtifactKeeperOptions()), TimeProvider.System, NullLogger<RegistrySeeder>.Instance);
            await seeder.StartAsync(cancellationToken);
        }

        var root = Path.Combine(Path.GetTempPath(), "ak-failover-" + Guid.NewGuid().ToString("N"));
        var blobRoot = Path.Combine(root, "blobs");
        var settings = new Dictionary<string, string?>
        {
            [$"{MetadataStoreOptions.Section}:{nameof(MetadataStoreOptions.Provider)}"] = nameof(MetadataStoreProvider.PostgreSql),
            [$"{MetadataStoreOptions.Section}:{nameof(MetadataStoreOptions.ConnectionString)}"] = connectionString,
            [$"{BlobStoreOptions.Section}:{nameof(BlobStoreOptions.Path)}"] = blobRoot,
            [$"{ArtifactKeeperOptions.Section}:{nameof(ArtifactKeeperOptions.DataPath)}"] = root,
        };

        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddSingleton(TimeProvider.System);
            host.Services.AddMetadataStore();
            host.Services.AddBlobStore();
        });
        builder.ConfigureSilo((_, silo) => silo.Configure<ClusterMembershipOptions>(options =>
        {
            // The killed silo normally writes itself Stopping, then Dead, into the membership table on
            // its way down (see KillAsync). When that write does not happen the survivors declare it dead
            // only after NumMissedProbesLimit probes of ProbeTimeout each went unanswered, and until then
            // the repository stays registered on it and unreachable. The defaults (3 x 5 s) would hold the
            // test up for 15 s or more; 2 x 1 s keeps it well under a minute on a loaded 2-core machine.
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
        }));
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(options =>
        {
            // A call whose activation dies with its silo never gets an answer, and the client does not
            // break it when the silo is declared dead: it fails only at the response timeout (30 s by
            // default). 5 s keeps such calls, which the tests count as unacknowledged, from dominating the run.
            options.ResponseTimeout = TimeSpan.FromSeconds(5);
        }));

        var blobs = new FileSystemBlobStore(blobRoot);
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync(cancellationToken);
        }
        catch
        {
            await cluster.DisposeAsync();
            blobs.Dispose();
            throw;
        }

        return new RegistryCluster(cluster, connectionString, root, blobs);
    }

    /// <summary>
    /// The silo whose activation directory holds <paramref name="grain"/>'s activation, or null when it
    /// is not active anywhere. Asks the silos themselves rather than a directory cache.
    /// </summary>
    public InProcessSiloHandle? HostOf(IAddressable grain) =>
        _cluster.TryGetGrainContext(grain.GetGrainId(), out var context) && context.Address.SiloAddress is { } address
            ? _cluster.GetSiloForAddress(address)
            : null;

    /// <summary>
    /// Kills <paramref name="silo"/> with <see cref="InProcessTestCluster.KillSiloAsync(InProcessSiloHandle)"/>:
    /// its host stops with an already-cancelled token, so activations are dropped rather than deactivated
    /// and calls in flight on it never get an answer. It is not SIGKILL: the silo still marks itself Dead in
    /// the membership table on the way down. Any silo may be killed, the first one included: the test
    /// cluster keeps membership and the grain directory in the test process, not on a primary silo.
    /// </summary>
    public Task KillAsync(InProcessSiloHandle silo) => _cluster.KillSiloAsync(silo);

    /// <summary>Waits, bounded by <paramref name="cancellationToken"/>, until every running silo has declared <paramref name="dead"/> dead.</summary>
    public async Task WaitUntilDeclaredDeadAsync(SiloAddress dead, CancellationToken cancellationToken)
    {
        while (!Silos.All(s => s.ServiceProvider.GetRequiredService<ISiloStatusOracle>().IsDeadSilo(dead)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Streams <paramref name="bytes"/> into an upload, publishes it linked to <paramref name="repository"/>, returns (digest, size).</summary>
    public async Task<(string Digest, long Size)> PublishBlobAsync(string repository, byte[] bytes, CancellationToken cancellationToken)
    {
        var uploadId = Guid.NewGuid().ToString("N");
        await using (var writer = await Blobs.OpenUploadAsync(uploadId, 0, cancellationToken))
        {
            using var source = new MemoryStream(bytes);
            await writer.AppendAsync(source, null, cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }

        var digest = DigestOf(bytes);
        var outcome = await Client.GetGrain<IBlobGrain>(digest).TryPublishAsync(uploadId, bytes.Length, repository);
        Assert.Equal(LinkOutcome.Linked, outcome);
        return (digest, bytes.Length);
    }

    public static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _cluster.StopAllSilosAsync();
        }
        finally
        {
            await _cluster.DisposeAsync();
            Blobs.Dispose();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless; failing the run over it is not.
            }
        }
    }
}
