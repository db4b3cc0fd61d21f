using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// The gateway with a manual
/// clock (to age cached manifests past the TTL) and a one-hour manifest TTL.
/// </summary>
public sealed class ProxyCacheRegistryFactory : RegistryFactory
{
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    public ManualClock Clock { get; } = new();

    /// <summary>Stores an upstream endpoint in the registry's own store.</summary>
    public async Task<RegistryEndpoint> AddEndpointAsync(Uri url, string type = RegistryEndpointTypes.DockerRegistry)
    {
        var now = DateTimeOffset.UtcNow;
        var endpoint = new RegistryEndpoint(
            0, "upstream-" + Guid.NewGuid().ToString("N"), type, url.ToString().TrimEnd('/'), string.Empty, true, RegistryCredentialTypes.Basic, null, false, "unknown", now, now);
        var saved = await Services.GetRequiredService<IRegistryEndpointMetadata>().TryCreateRegistryEndpointAsync(new RegistryEndpointRecord(endpoint, string.Empty), CancellationToken.None);
        return saved.Endpoint ?? throw new InvalidOperationException($"The endpoint was not stored: {saved.Outcome}.");
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("ArtifactKeeper:ProxyCache:ManifestTtl", Ttl.ToString()), new("ArtifactKeeper:ProxyCache:UpstreamTimeout", "00:00:20")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.UseManualClock(Clock));
    }
}
