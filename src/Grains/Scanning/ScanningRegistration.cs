using ArtifactKeeper.Hosting;
using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.Engine;
using ArtifactKeeper.Scanning.External;
using ArtifactKeeper.Scanning.Events;
using ArtifactKeeper.Scanning.Osv;
using ArtifactKeeper.Scanning.ScanAll;
using ArtifactKeeper.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArtifactKeeper.Scanning;

/// <summary>
/// Registers scanning on a silo: <see cref="ScanningOptions"/>, the built-in scanner, the scanner resolver, the scan
/// throttle, scan events, scan-all (a scheduled job kind), the rescan after database changes and the follower of database
/// imports requested through the API. The inventory reader
/// and the vulnerability database provider are registered by their own features.
/// </summary>
public static class ScanningRegistration
{
    public static IServiceCollection AddScanning(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ScanningOptions>().BindConfiguration(ScanningOptions.Section);
        services.TryAddSingleton<IPackageInventoryReader, Inventory.PackageInventoryReader>();
        services.AddOsvDatabase();
        services.TryAddSingleton<BuiltInScanner>();
        services.TryAddKeyedSingleton<IVulnerabilityScanner>(ScannerResolver.BuiltInKey, (sp, _) => sp.GetRequiredService<BuiltInScanner>());
        services.TryAddSingleton<IAdapterScanEngine>(sp => sp.GetRequiredService<BuiltInScanner>());
        services.AddExternalScanners();
        services.TryAddSingleton<ScanThrottle>();
        services.TryAddSingleton<ScanEventPublisher>();
        services.TryAddSingleton<IScanEventSink>(sp => sp.GetRequiredService<ScanEventPublisher>());
        services.TryAddSingleton<ScanAllRunner>();
        services.AddHostedService<StaleReportRescanner>();
        services.AddHostedService<OsvImportFollower>();
        services.AddScheduledJob(IScanAllGrain.JobKind, (grains, key) => grains.GetGrain<IScanAllGrain>(key));
        return services;
    }

    /// <summary>
    /// The client side of external scanners: the scan grains drive them (so a silo without a gateway does too), and the
    /// gateway's scanner API pings them and seals their credentials. Idempotent; the gateway adds its listen address
    /// as the registry URL's fallback.
    /// </summary>
    public static IServiceCollection AddExternalScanners(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSelfValidatingOptions<ExternalScannerOptions>(ExternalScannerOptions.Section);
        services.TryAddSingleton<IScanRegistryAddress, ConfiguredScanRegistryAddress>();
        services.TryAddSingleton<ScanRobotIssuer>();
        services.TryAddSingleton<ExternalScanners>();
        services.TryAddSingleton<ScannerCredentialProtector>();
        services.TryAddSingleton<ScannerResolver>();
        services.TryAddSingleton<IScannerResolver>(sp => sp.GetRequiredService<ScannerResolver>());
        return services;
    }
}
