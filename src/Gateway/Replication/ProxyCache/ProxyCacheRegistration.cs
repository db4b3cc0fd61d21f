using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>Registers proxy-cache projects' gateway services (pull-through) and their endpoint usage.</summary>
public static class ProxyCacheRegistration
{
    public static IServiceCollection AddProxyCache(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ProxyCacheOptions>().BindConfiguration(ProxyCacheOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProxyCacheOptions>, ProxyCacheOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRegistryEndpointUsage, ProxyCacheEndpointUsage>());
        services.AddSingleton<ProxyUpstream>();
        services.AddSingleton<ProxyBandwidth>();
        services.AddSingleton<ProxyBlobSource>();
        services.AddSingleton<ProxyPendingPulls>();
        services.AddSingleton<ProxyManifestCacher>();
        services.AddSingleton<ProxyManifestSource>();
        services.AddSingleton<ProxyCachePullThrough>();
        return services;
    }
}
