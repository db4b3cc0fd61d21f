using ArtifactKeeper.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Transfer.Remote;

public static class RemoteRegistryRegistration
{
    /// <summary>
    /// The remote registry client: <see cref="IRemoteRegistryFactory"/>, <see cref="IRegistryAdapterCatalog"/>, their
    /// options and HTTP clients. Idempotent (silo and gateway both call it; embedded mode hosts both).
    /// </summary>
    public static IServiceCollection AddRemoteRegistries(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient();
        services.AddSelfValidatingOptions<RemoteRegistryOptions>(RemoteRegistryOptions.Section);
        services.AddSelfValidatingOptions<HostedRegistryEndpointsOptions>(HostedRegistryEndpointsOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, RemoteHttpClientConfiguration>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegistryCredentialProtector>();
        services.TryAddSingleton<IRemoteRegistryFactory, RemoteRegistryFactory>();
        services.TryAddSingleton<IRegistryAdapterCatalog, RegistryAdapterCatalog>();
        return services;
    }
}
