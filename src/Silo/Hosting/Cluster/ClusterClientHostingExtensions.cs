using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace ArtifactKeeper.Hosting.Cluster;

/// <summary>Makes a process a stateless Orleans client of the silos of a cluster-mode deployment.</summary>
public static class ClusterClientHostingExtensions
{
    /// <summary>
    /// Registers the shared stores (reads such as the catalog go straight to the metadata store) and an
    /// Orleans client that finds silos through the membership table on PostgreSQL. Until a silo answers
    /// the client keeps retrying rather than failing the process, so gateways may start before silos.
    /// </summary>
    public static IHostApplicationBuilder AddArtifactKeeperClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRegistryBackend();
        var cluster = builder.Configuration.GetSection(ClusterModeOptions.Section).Get<ClusterModeOptions>() ?? new ClusterModeOptions();
        var connectionString = builder.Configuration.GetMetadataConnectionString();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            client.UseAdoNetClustering(options =>
            {
                options.Invariant = SiloHostingExtensions.PostgresInvariant;
                options.ConnectionString = connectionString;
            });

            // Silos that join or leave show up within seconds rather than the one-minute default.
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = cluster.GrainCallTimeout);
            client.UseConnectionRetryFilter<RetryUntilSiloAnswers>();
        });
        return builder;
    }
}
