using System.Net;
using System.Net.Sockets;
using ArtifactKeeper.Hosting.Cluster;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace ArtifactKeeper.Hosting;

/// <summary>Configures a silo and the stores its grains persist through.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// A silo. Embedded mode (the default): localhost clustering, SQLite metadata and filesystem blobs
    /// under <see cref="ArtifactKeeperOptions.DataPath"/>. Cluster mode: membership, reminders and grain
    /// state on PostgreSQL through Orleans' ADO.NET providers, metadata on PostgreSQL, blobs as configured.
    /// </summary>
    public static IHostApplicationBuilder AddArtifactKeeperSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRegistryBackend();
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ExpiredUploadSweeper>();
        builder.Services.AddSingleton<ArtifactKeeper.Gc.GarbageCollector>();
        builder.Services.AddSingleton<ArtifactKeeper.Hosting.Background.ForegroundActivity>();
        builder.Services.AddHostedService<UploadJanitor>();
        builder.Services.AddHostedService<ArtifactKeeper.Audit.AuditRetentionJanitor>();
        builder.Services.AddScheduler().AddOptions<SchedulerOptions>().ValidateDataAnnotations().ValidateOnStart();
        ArtifactKeeper.Replication.Policies.ReplicationPolicyRegistration.AddReplicationPolicies(builder.Services);
        ArtifactKeeper.Replication.Transfer.ArtifactTransferRegistration.AddArtifactTransfer(builder.Services);
        ArtifactKeeper.Replication.Execution.ReplicationExecutionRegistration.AddReplicationExecutions(builder.Services);
        ArtifactKeeper.Scanning.ScanningRegistration.AddScanning(builder.Services).AddOptions<ScanningOptions>().ValidateDataAnnotations().ValidateOnStart();
        ArtifactKeeper.Replication.Transfer.Remote.RemoteRegistryRegistration.AddRemoteRegistries(builder.Services);

        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        if (builder.Configuration.GetDeploymentMode() == DeploymentMode.Cluster)
        {
            var cluster = builder.Configuration.GetSection(ClusterModeOptions.Section).Get<ClusterModeOptions>() ?? new ClusterModeOptions();
            var connectionString = builder.Configuration.GetMetadataConnectionString();
            builder.UseOrleans(orleans => orleans.UseForegroundTracking().UseClusterMode(cluster, silo, connectionString));
        }
        else
        {
            var siloPort = silo.SiloPort == 0 ? FreeLoopbackPort() : silo.SiloPort;
            builder.UseOrleans(orleans =>
                orleans.UseForegroundTracking().UseLocalhostClustering(siloPort: siloPort, gatewayPort: silo.GatewayPort, serviceId: "artifactkeeper", clusterId: "embedded"));
        }

        return builder;
    }

    /// <summary>Background work (GC) yields to the grain calls pushes and pulls make; this filter notices them.</summary>
    private static ISiloBuilder UseForegroundTracking(this ISiloBuilder orleans) =>
        orleans.AddIncomingGrainCallFilter<ArtifactKeeper.Hosting.Background.ForegroundCallFilter>();

    private static void UseClusterMode(this ISiloBuilder orleans, ClusterModeOptions cluster, SiloOptions silo, string connectionString)
    {
        orleans.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });

        // Bind to the advertised address itself when it is loopback (a local cluster must not listen on
        // other interfaces); on a pod IP, listen on every interface as Orleans' Kubernetes guidance does.
        var advertised = silo.ParsedAdvertisedAddress;
        if (advertised is null)
        {
            orleans.ConfigureEndpoints(silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            orleans.ConfigureEndpoints(advertised, silo.SiloPort, silo.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
        }

        orleans.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresInvariant;
            options.ConnectionString = connectionString;
        });
        orleans.UseAdoNetReminderService(options =>
        {
            options.Invariant = PostgresInvariant;
            options.ConnectionString = connectionString;
        });

        // JSON from the first write: grain state stays readable (and migratable) outside Orleans' binary format.
        orleans.AddAdoNetGrainStorageAsDefault((OptionsBuilder<AdoNetGrainStorageOptions> optionsBuilder) => optionsBuilder.Configure<IServiceProvider>((options, services) =>
        {
            options.Invariant = PostgresInvariant;
            options.ConnectionString = connectionString;
            options.GrainStorageSerializer = ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(services);
        }));
    }

    /// <summary>The ADO.NET invariant name Orleans maps to Npgsql's provider factory.</summary>
    internal const string PostgresInvariant = "Npgsql";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
