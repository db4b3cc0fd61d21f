using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Shared.Loopback;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// What a proxy-cache test stands on: a real CNCF distribution upstream behind a counting forwarder, registered as an
/// endpoint of <paramref name="factory"/>'s gateway, and the steps every such test takes (create a proxy-cache project,
/// push upstream, pull through the proxy and compare bytes, wait for the background cacher, count upstream requests).
/// </summary>
public sealed class ProxyCacheUpstream(ProxyCacheRegistryFactory factory) : IAsyncDisposable
{
    private static readonly TimeSpan CacheWait = TimeSpan.FromSeconds(90);

    public DistributionRegistry Distribution { get; } = new();

    public HttpForwarder Forwarder { get; private set; } = null!;

    public long RegistryId { get; private set; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task StartAsync()
    {
        await Distribution.StartAsync(Ct);
        Forwarder = await HttpForwarder.StartAsync(Distribution.BaseAddress, Ct);
        RegistryId = (await factory.AddEndpointAsync(Forwarder.BaseAddress)).Id;
    }

    public async ValueTask DisposeAsync()
    {
        if (Forwarder is not null)
        {
            await Forwarder.DisposeAsync();
        }

        await Distribution.DisposeAsync();
    }

    /// <summary>A client of the upstream registry itself (not through the forwarder, so it counts nothing).</summary>
    public RegistryClient UpstreamClient() => new(new HttpClient { BaseAddress = Distribution.BaseAddress });

    /// <summary>Creates a proxy-cache project of the upstream endpoint, with <paramref name="proxySpeedKb"/> as its bandwidth limit.</summary>
    public async Task<string> CreateProxyProjectAsync(long proxySpeedKb = -1)
    {
        var name = "proxy" + Guid.NewGuid().ToString("N")[..10];
        using var admin = factory.Admin();
        using var response = await admin.SendAsync(
            HttpMethod.Post,
            "/api/v2.0/projects",
            JsonContent.Create(new { project_name = name, registry_id = RegistryId, metadata = new { @public = "false", proxy_speed_kb = proxySpeedKb.ToString(System.Globalization.CultureInfo.InvariantCulture) } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    /// <summary>Requests with this method and path the forwarder received, whether or not they reached upstream.</summary>
    public int Received(string method, string path) =>
        Forwarder.Count(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Path, path, StringComparison.Ordinal));

    /// <summary>Pulls the manifest and both blobs through the proxy and checks digests and bytes against upstream's.</summary>
    public static async Task AssertPullsAsync(RegistryClient client, string repository, string reference, PushedImage image)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(image);
        await AssertManifestAsync(client, repository, reference, image.Manifest, image.MediaType);
        await AssertBlobAsync(client, repository, image.ConfigDigest, image.Config);
        await AssertBlobAsync(client, repository, image.LayerDigest, image.Layer);
    }

    /// <summary>GETs a manifest through the proxy: 200, upstream's digest, media type and bytes.</summary>
    public static async Task AssertManifestAsync(RegistryClient client, string repository, string reference, byte[] expected, string mediaType)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var manifest = await client.GetAsync($"/v2/{repository}/manifests/{reference}", r => r.Headers.Accept.ParseAdd(mediaType));
        OciAssert.Status(manifest, HttpStatusCode.OK);
        Assert.Equal(Manifests.Digest(expected), OciAssert.Header(manifest, "Docker-Content-Digest"));
        Assert.Equal(mediaType, manifest.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected, await manifest.Content.ReadAsByteArrayAsync(Ct));
    }

    public static async Task AssertBlobAsync(RegistryClient client, string repository, string digest, byte[] expected)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var blob = await client.GetAsync($"/v2/{repository}/blobs/{digest}");
        OciAssert.Status(blob, HttpStatusCode.OK);
        Assert.Equal(expected, await blob.Content.ReadAsByteArrayAsync(Ct));
    }

    /// <summary>Waits for the background cacher to store the manifest (a condition, not a timing assertion).</summary>
    public async Task WaitUntilCachedAsync(string repository, string reference)
    {
        var grain = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IRepositoryGrain>(repository);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await grain.GetManifestAsync(reference) is null)
        {
            Assert.True(waited.Elapsed < CacheWait, $"{repository}:{reference} was not cached within {CacheWait}");
            await Task.Delay(100, Ct);
        }
    }
}
