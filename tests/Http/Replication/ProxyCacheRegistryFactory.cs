using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// The gateway with the registry-endpoint store and remote client doubles (ProxyCacheDoubles.cs), a manual
/// clock (to age cached manifests past the TTL) and a one-hour manifest TTL.
/// </summary>
public sealed class ProxyCacheRegistryFactory : RegistryFactory
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    public ManualClock Clock { get; } = new();

    public RegistryEndpointsDouble Endpoints { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("ProxyCache:ManifestTtl", Ttl.ToString()), new("ProxyCache:UpstreamTimeout", "00:00:20")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.UseManualClock(Clock));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IRegistryEndpointMetadata>(Endpoints);
            services.AddSingleton<IRemoteRegistryFactory>(new RemoteRegistryFactoryDouble(Endpoints));
        });
    }
}
