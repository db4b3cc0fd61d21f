using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// Another instance of this registry in the same process (its own silo, store and data directory) on a real loopback
/// port: the peer that endpoints of type <c>artifact-keeper</c> reach over HTTP, as one region's registry reaches
/// another's.
/// </summary>
public sealed class PeerRegistryFactory : RegistryFactory
{
    public PeerRegistryFactory() => UseKestrel(0);

    /// <summary>http://127.0.0.1:port/ of the running peer, started on first use.</summary>
    public Uri BaseUrl
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    protected override Uri ClientBaseAddress => BaseUrl;
}
