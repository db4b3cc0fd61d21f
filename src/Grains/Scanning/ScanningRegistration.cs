using ArtifactKeeper.Hosting;
using ArtifactKeeper.Scanning.Engine;
using ArtifactKeeper.Scanning.Events;
using ArtifactKeeper.Scanning.ScanAll;
using ArtifactKeeper.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArtifactKeeper.Scanning;

/// <summary>
/// Registers scanning on a silo: <see cref="ScanningOptions"/>, the built-in scanner, the scanner resolver, the scan
/// throttle, scan events, scan-all (a scheduled job kind) and the rescan after database changes. The inventory reader
/// and the vulnerability database provider are registered by their own features.
/// </summary>
public static class ScanningRegistration
{
    public static IServiceCollection AddScanning(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ScanningOptions>().BindConfiguration(ScanningOptions.Section);
        services.TryAddSingleton<BuiltInScanner>();

        // The one place the scanner choice is made: scanner registrations replace this resolver with theirs.
        services.TryAddSingleton<IScannerResolver, BuiltInScannerResolver>();
        services.TryAddSingleton<ScanThrottle>();
        services.TryAddSingleton<ScanEventPublisher>();
        services.TryAddSingleton<IScanEventSink>(sp => sp.GetRequiredService<ScanEventPublisher>());
        services.TryAddSingleton<ScanAllRunner>();
        services.AddHostedService<StaleReportRescanner>();
        services.AddScheduledJob(IScanAllGrain.JobKind, (grains, key) => grains.GetGrain<IScanAllGrain>(key));
        return services;
    }
}
