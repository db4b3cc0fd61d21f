using ArtifactKeeper.Replication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>
/// The gateway side of registry endpoints. <see cref="Transfer.IRemoteRegistryFactory"/> and
/// <see cref="Transfer.IRegistryAdapterCatalog"/> are registered with the replication client, in cluster mode too.
/// </summary>
public static class RegistriesServices
{
    public static IServiceCollection AddReplicationEndpoints(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<RegistryCredentialProtector>();
        services.TryAddSingleton<RegistryEndpointCommands>();
        services.TryAddSingleton<RegistryPinger>();
        return services;
    }
}
