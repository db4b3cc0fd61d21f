using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>
/// The HTTP clients of remote endpoints: one named client per endpoint (so endpoints do not share connection pools
/// and an <c>insecure</c> endpoint's relaxed TLS stays its own), redirects handled by <see cref="RegistryConnection"/>
/// (never automatic: the Authorization must not follow them to storage), no overall timeout (blobs take as long as
/// they take; requests without a blob body get <see cref="RemoteRegistryOptions.RequestTimeout"/>).
/// </summary>
public static class RemoteHttpClients
{
    public const string Prefix = "replication-remote:";
    private const string InsecureSuffix = ":insecure";

    /// <summary>The client name of an endpoint (unsaved endpoints, id 0, share one per TLS mode).</summary>
    public static string Name(RegistryEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Prefix + endpoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + (endpoint.Insecure ? InsecureSuffix : string.Empty);
    }

    internal static bool IsInsecure(string name) => name.EndsWith(InsecureSuffix, StringComparison.Ordinal);
}

/// <summary>Configures every <see cref="RemoteHttpClients"/> name as it is first created.</summary>
internal sealed class RemoteHttpClientConfiguration(IOptions<RemoteRegistryOptions> options) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, HttpClientFactoryOptions factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (name is null || !name.StartsWith(RemoteHttpClients.Prefix, StringComparison.Ordinal))
        {
            return;
        }

        var insecure = RemoteHttpClients.IsInsecure(name);
        var remote = options.Value;
        factory.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
        factory.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = remote.ConnectTimeout,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
            };
            if (insecure)
            {
                // The endpoint was saved as insecure: its owner accepted a self-signed or otherwise unverifiable
                // certificate for this registry.
#pragma warning disable CA5359
                handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
#pragma warning restore CA5359
            }

            builder.PrimaryHandler = handler;
        });
    }
}
