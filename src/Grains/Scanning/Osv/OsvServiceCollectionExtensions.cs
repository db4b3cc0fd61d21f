using ArtifactKeeper.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>Registers the OSV database on a silo.</summary>
public static class OsvServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ScanningOptions"/> (validated on start), the <see cref="OsvDatabaseProvider"/> as
    /// <see cref="IVulnerabilityDatabaseProvider"/>, and the <see cref="OsvDatabaseWatcher"/> that loads and reloads it.
    /// </summary>
    public static IServiceCollection AddOsvDatabase(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ArtifactKeeperOptions>().BindConfiguration(ArtifactKeeperOptions.Section);
        services.AddOptions<ScanningOptions>().BindConfiguration(ScanningOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScanningOptions>, ScanningOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OsvDatabaseProvider>();
        services.TryAddSingleton<IVulnerabilityDatabaseProvider>(sp => sp.GetRequiredService<OsvDatabaseProvider>());
        services.AddHostedService<OsvDatabaseWatcher>();
        return services;
    }
}
