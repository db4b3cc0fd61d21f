using ArtifactKeeper.Scanning.External;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning;

/// <summary>
/// This registry's URL for external scanners: <see cref="ExternalScannerOptions.RegistryUrl"/> when set, else the
/// first address the gateway listens on (a wildcard host becomes the loopback address).
/// </summary>
public sealed class GatewayScanRegistryAddress(IOptions<ExternalScannerOptions> options, IServer server) : IScanRegistryAddress
{
    public Uri? RegistryUrl
    {
        get
        {
            if (options.Value.RegistryUrl is { Length: > 0 } configured)
            {
                return new Uri(configured);
            }

            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null || !Uri.TryCreate(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return null;
            }

            var builder = new UriBuilder(uri);
            if (builder.Host is "0.0.0.0" or "[::]" or "::")
            {
                builder.Host = "127.0.0.1";
            }

            return builder.Uri;
        }
    }
}
