using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.External;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning;

/// <summary>Registers external scanners (client side) and the adapter server; maps the server when it is enabled.</summary>
public static partial class ScannerAdapterHosting
{
    public static WebApplicationBuilder AddScannerAdapters(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ExternalScannerOptions>().BindConfiguration(ExternalScannerOptions.Section)
            .Validate(o => o.Validate() is null, "invalid " + ExternalScannerOptions.Section + " settings").ValidateOnStart();
        services.AddOptions<AdapterServerOptions>().BindConfiguration(AdapterServerOptions.Section)
            .Validate(o => o.Validate() is null, "invalid " + AdapterServerOptions.Section + " settings").ValidateOnStart();
        services.AddSingleton<IScanRegistryAddress, GatewayScanRegistryAddress>();
        services.AddSingleton<ScanRobotIssuer>();
        services.AddSingleton<AdapterScanRunner>();
        services.AddSingleton<AdapterScanJobs>();
        services.AddHttpClient(AdapterScanRunner.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<ExternalScanners>();
        services.AddSingleton<ScannerCredentialProtector>();
        services.AddSingleton<ScannerResolver>();
        services.AddSingleton<IScannerResolver>(sp => sp.GetRequiredService<ScannerResolver>());
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
