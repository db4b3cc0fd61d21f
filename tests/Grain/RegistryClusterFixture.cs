using ArtifactKeeper.Gc;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Hosting.Background;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using ArtifactKeeper.Tests.Grain.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// One in-process silo over the real embedded stores (SQLite metadata, filesystem blobs) in a temp
/// directory, with a clock the tests control. Shared by every test in <see cref="RegistryClusterCollection"/>;
/// tests use fresh keys (repository names, digests, upload ids) so they never see each other's state.
/// </summary>
public sealed class RegistryClusterFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ak-grain-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster? _cluster;
    private SqliteMetadataStore? _metadata;
    private FileSystemBlobStore? _blobs;

    public ManualClock Clock { get; } = new();

    /// <summary>The collector's options as the silo sees them; a test may change them before it starts a run.</summary>
    public GcOptions Gc { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Fixture not initialized");

    public IClusterClient Client => Cluster.Client;

    /// <summary>The same store instance the silo's grains write through.</summary>
    public SqliteMetadataStore Metadata => _metadata ?? throw new InvalidOperationException("Fixture not initialized");

    /// <summary>The same blob store instance the silo's grains write through.</summary>
    public FileSystemBlobStore Blobs => _blobs ?? throw new InvalidOperationException("Fixture not initialized");

    /// <summary>What the grains see as their blob store: <see cref="Blobs"/>, with batch deletes that can be made to fail.</summary>
    public Gc.FlakyDeleteBlobStore BlobFaults { get; private set; } = null!;

    /// <summary>What the grains see as their batch deletion store: <see cref="Metadata"/>, with batches a test can hold.</summary>
    public HoldingBatchMetadata Batches { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _metadata = new SqliteMetadataStore(Path.Combine(_root, "metadata.db"));
        await _metadata.InitializeAsync(CancellationToken.None);
        _blobs = new FileSystemBlobStore(Path.Combine(_root, "blobs"));

        var metadata = _metadata;
        var blobs = BlobFaults = new Gc.FlakyDeleteBlobStore(_blobs);
        var clock = Clock;
        var gc = Gc;
        var batches = Batches = new HoldingBatchMetadata(metadata);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            var services = silo.Services;
            services.AddSingleton<TimeProvider>(clock);
            services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            services.AddSingleton<IMetadataStore>(metadata);
            services.AddSingleton<IRepositoryMetadata>(metadata);
            services.AddSingleton<IBlobMetadata>(metadata);
            services.AddSingleton<IUploadMetadata>(metadata);
            services.AddSingleton<IProjectMetadata>(metadata);
            services.AddSingleton<IUserMetadata>(metadata);
            services.AddSingleton<ISettingsMetadata>(metadata);
            services.AddSingleton<IConfigurationMetadata>(metadata);
            services.AddSingleton<ICatalogQueries>(metadata);
            services.AddSingleton<IUserAccountMetadata>(metadata);
            services.AddSingleton<IUserQueries>(metadata);
            services.AddSingleton<IProjectMemberMetadata>(metadata);
            services.AddSingleton<IUserGroupMetadata>(metadata);
            services.AddSingleton<IRobotMetadata>(metadata);
            services.AddSingleton<IAuditMetadata>(metadata);
            services.AddSingleton<IImmutableRuleMetadata>(metadata);
            services.AddSingleton<IQuotaMetadata>(metadata);
            services.AddSingleton<IArtifactMetadata>(metadata);
            services.AddSingleton<IPullMetadata>(metadata);
            services.AddSingleton<IArtifactLabelMetadata>(metadata);
            services.AddSingleton<IScheduleMetadata>(metadata);
            services.AddTestScheduler();
            services.AddSingleton<IGcMetadata>(metadata);
            services.AddSingleton<IGcRunMetadata>(metadata);
            services.AddSingleton<IRetentionMetadata>(metadata);
            services.AddSingleton<IRepositoryBatchMetadata>(batches);
            services.AddSingleton<IRetentionFactsMetadata>(metadata);
            services.AddSingleton<IQuotaBatchMetadata>(metadata);
            services.AddSingleton<IContentTrustMetadata>(metadata);
            services.AddSingleton<ICveAllowlistMetadata>(metadata);
            services.AddSingleton(Options.Create(new VulnerabilityPolicyOptions()));
            services.AddContentTrust();
            services.AddSingleton<IScanMetadata>(metadata);
            services.AddSingleton<IRegistryEndpointMetadata>(metadata);
            services.AddSingleton<IProxyCacheMetadata>(metadata);
            Scanning.ScanSiloServices.AddTestScanning(services);
            services.AddSingleton<IBlobStore>(blobs);
            services.AddSingleton(Options.Create(gc));
            services.AddSingleton(Options.Create(new UploadOptions()));
            services.AddSingleton<ExpiredUploadSweeper>();
            services.AddSingleton<GarbageCollector>();
            services.AddSingleton<ForegroundActivity>();
            silo.AddIncomingGrainCallFilter<ForegroundCallFilter>();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>A service of the (only) silo, as its grains see it.</summary>
    public T SiloService<T>()
        where T : notnull => Cluster.Silos[0].ServiceProvider.GetRequiredService<T>();

    /// <summary>Deactivates a grain and waits until it is gone, so the next call reloads it from the stores.</summary>
    public async Task ReactivateAsync(IAddressable grain)
    {
        await Cluster.DeactivateAsync(grain);
        await Cluster.WaitForDeactivationAsync(grain);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        _blobs?.Dispose();
        _metadata?.Dispose();
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
