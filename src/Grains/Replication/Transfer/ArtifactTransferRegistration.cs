using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>The silo's artifact transfer services: this registry as an <see cref="IOciRegistry"/> and the copier.</summary>
public static class ArtifactTransferRegistration
{
    public static IServiceCollection AddArtifactTransfer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LocalProjectProvisioner>();
        services.TryAddSingleton<LocalOciRegistry>();

        // Replication opens "this registry" by key, so its tests can put a stand-in on that side alone.
        services.TryAddKeyedSingleton<IOciRegistry>(Execution.ReplicationSides.LocalRegistryKey, (sp, _) => sp.GetRequiredService<LocalOciRegistry>());
        services.TryAddSingleton<RecentBlobLocations>();
        services.TryAddSingleton<IArtifactCopier, ArtifactCopier>();
        return services;
    }
}
