using System.Net;
using System.Net.Sockets;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting;

/// <summary>Configures a silo and the stores its grains persist through.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Embedded mode: one silo with localhost clustering, SQLite metadata and filesystem blobs under
    /// <see cref="ArtifactKeeperOptions.DataPath"/>.
    /// </summary>
    public static IHostApplicationBuilder AddArtifactKeeperSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ArtifactKeeperOptions>().BindConfiguration(ArtifactKeeperOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddEmbeddedStores();

        // Runs before the silo starts (hosted services start in registration order).
        builder.Services.AddHostedService<RegistrySeeder>();
        builder.Services.AddHostedService<UploadJanitor>();

        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var siloPort = silo.SiloPort == 0 ? FreeLoopbackPort() : silo.SiloPort;
        builder.UseOrleans(orleans =>
        {
            orleans.UseLocalhostClustering(siloPort: siloPort, gatewayPort: silo.GatewayPort, serviceId: "artifactkeeper", clusterId: "embedded");
        });
        return builder;
    }

    private static void AddEmbeddedStores(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IMetadataStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ArtifactKeeperOptions>>().Value;
            Directory.CreateDirectory(options.FullDataPath);
            return new SqliteMetadataStore(Path.Combine(options.FullDataPath, "metadata.db"));
        });
        builder.Services.AddSingleton<IRepositoryMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        builder.Services.AddSingleton<IBlobMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        builder.Services.AddSingleton<IUploadMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        builder.Services.AddSingleton<IProjectMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        builder.Services.AddSingleton<IUserMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        builder.Services.AddSingleton<ISettingsMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        builder.Services.AddSingleton<ICatalogQueries>(sp => sp.GetRequiredService<IMetadataStore>());
        builder.Services.AddSingleton<IBlobStore>(sp =>
            new FileSystemBlobStore(sp.GetRequiredService<IOptions<ArtifactKeeperOptions>>().Value.FullDataPath));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
