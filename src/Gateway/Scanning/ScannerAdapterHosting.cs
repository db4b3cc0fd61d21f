using ArtifactKeeper.Hosting;
using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.External;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning;

/// <summary>Registers the adapter server and the gateway's registry address for external scanners; maps the server when it is enabled.</summary>
public static partial class ScannerAdapterHosting
{
    public static WebApplicationBuilder AddScannerAdapters(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSelfValidatingOptions<AdapterServerOptions>(AdapterServerOptions.Section);

        // The scanner API pings adapters and seals their credentials, in cluster mode too (no silo in this process);
        // the gateway knows its own listen address, the registry URL an adapter reaches when none is configured.
        services.AddExternalScanners();
        services.AddSingleton<IScanRegistryAddress, GatewayScanRegistryAddress>();
        services.AddSingleton<AdapterScanRunner>();
        services.AddSingleton<AdapterScanJobs>();
        services.AddHttpClient(AdapterScanRunner.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        return builder;
    }

    public static WebApplication MapScannerAdapterServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<AdapterServerOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            LogOpenAdapter(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ScannerAdapterHosting)));
        }

        app.MapScannerAdapter();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scanner adapter server is enabled without an API key (ArtifactKeeper:Scanning:AdapterServer:ApiKey): anyone who reaches /api/v1 can ask it to pull and scan")]
    private static partial void LogOpenAdapter(ILogger logger);
}
