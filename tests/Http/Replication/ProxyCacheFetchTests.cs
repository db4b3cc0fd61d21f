using System.Net;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.ProxyCache;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// How a proxy-cache miss is served and accounted, against a real distribution upstream: a range asked on a cold blob
/// gets exactly that range while the whole blob is cached by the same single upstream fetch; a cold pull counts as a
/// pull (count and time) like a warm one; the project's <c>proxy_speed_kb</c> throttles the upstream fetch.
/// </summary>
public sealed class ProxyCacheFetchTests(ProxyCacheRegistryFactory factory) : IClassFixture<ProxyCacheRegistryFactory>, IAsyncLifetime
{
    private static readonly TimeSpan CountWait = TimeSpan.FromSeconds(60);
    private readonly ProxyCacheUpstream _upstream = new(factory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _upstream.StartAsync();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    /// <summary><paramref name="first"/> below zero counts from the end; <paramref name="last"/> -1 is the last byte.</summary>
    [Theory]
    [InlineData("bytes=100-599", 100, 599)]
    [InlineData("bytes=-64", -64, -1)]
    [InlineData("bytes=1000-", 1000, -1)]
    public async Task A_range_of_a_cold_blob_is_answered_206_with_exactly_that_range_and_one_fetch_caches_it_whole(string header, int first, int last)
    {
        var (image, proxied) = await ColdImageAsync();
        var layer = image.Layer;
        var start = first < 0 ? layer.Length + first : first;
        var end = last < 0 ? layer.Length - 1 : last;
        using var admin = factory.Admin();

        using (var ranged = await admin.GetAsync($"/v2/{proxied}/blobs/{image.LayerDigest}", r => r.Headers.TryAddWithoutValidation("Range", header)))
        {
            OciAssert.Status(ranged, HttpStatusCode.PartialContent);
            Assert.Equal($"bytes {start}-{end}/{layer.Length}", ranged.Content.Headers.ContentRange?.ToString());
            Assert.Equal(image.LayerDigest, OciAssert.Header(ranged, "Docker-Content-Digest"));
            Assert.Equal(layer[start..(end + 1)], await ranged.Content.ReadAsByteArrayAsync(Ct));
        }

        await ProxyCacheUpstream.AssertBlobAsync(admin, proxied, image.LayerDigest, layer);
        Assert.Equal(1, _upstream.Received("GET", $"/v2/{UpstreamRepository(proxied)}/blobs/{image.LayerDigest}"));
    }

    [Fact]
    public async Task An_unsatisfiable_range_of_a_cold_blob_is_416_and_the_blob_is_still_cached_by_that_one_fetch()
    {
        var (image, proxied) = await ColdImageAsync();
        using var admin = factory.Admin();

        using (var ranged = await admin.GetAsync($"/v2/{proxied}/blobs/{image.LayerDigest}", r => r.Headers.TryAddWithoutValidation("Range", "bytes=999999-")))
        {
            await OciAssert.ErrorAsync(ranged, HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
            Assert.Equal($"bytes */{image.Layer.Length}", ranged.Content.Headers.ContentRange?.ToString());
        }

        await ProxyCacheUpstream.AssertBlobAsync(admin, proxied, image.LayerDigest, image.Layer);
        Assert.Equal(1, _upstream.Received("GET", $"/v2/{UpstreamRepository(proxied)}/blobs/{image.LayerDigest}"));
    }

    [Fact]
    public async Task Cold_pulls_count_as_pulls_with_their_time_exactly_like_a_warm_pull()
    {
        var (image, proxied) = await ColdImageAsync();
        var before = factory.Clock.GetUtcNow();
        var clients = Enumerable.Range(0, 3).Select(_ => factory.Admin()).ToList();
        try
        {
            // Three cold pulls: one fetches upstream, the others are served the same upstream bytes; all three count.
            await Task.WhenAll(clients.Select(c => ProxyCacheUpstream.AssertPullsAsync(c, proxied, "v1", image)));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        await _upstream.WaitUntilCachedAsync(proxied, "v1");
        var cold = await WaitForPullsAsync(proxied, image.Digest, 3);
        Assert.InRange(cold.PullTime!.Value, before.AddSeconds(-1), factory.Clock.GetUtcNow().AddSeconds(1));

        using (var admin = factory.Admin())
        {
            await ProxyCacheUpstream.AssertPullsAsync(admin, proxied, "v1", image);
        }

        var warm = await WaitForPullsAsync(proxied, image.Digest, 4);
        Assert.True(warm.PullTime >= cold.PullTime);
        var repositories = await factory.Services.GetRequiredService<IPullMetadata>().GetRepositoryPullCountsAsync([proxied], Ct);
        Assert.Equal(4, repositories[proxied]);
        Assert.Equal(0, factory.Services.GetRequiredService<ProxyPendingPulls>().Count);
    }

    [Fact]
    public async Task The_projects_proxy_speed_kb_throttles_the_upstream_fetch_and_the_bytes_stay_exact()
    {
        const int speedKib = 1;
        using var upstreamClient = _upstream.UpstreamClient();
        var image = await upstreamClient.PushImageAsync("team/slow", "v1");
        var limited = await _upstream.CreateProxyProjectAsync(proxySpeedKb: speedKib);
        var unlimited = await _upstream.CreateProxyProjectAsync();
        using var admin = factory.Admin();

        await ProxyCacheUpstream.AssertPullsAsync(admin, $"{limited}/team/slow", "v1", image);
        await ProxyCacheUpstream.AssertPullsAsync(admin, $"{unlimited}/team/slow", "v1", image);
        await _upstream.WaitUntilCachedAsync($"{limited}/team/slow", "v1");

        var bandwidth = factory.Services.GetRequiredService<ProxyBandwidth>();
        var bucket = bandwidth.Current(await ProjectIdAsync(admin, limited));
        Assert.NotNull(bucket);
        Assert.Equal(speedKib * 1024, bucket.BytesPerSecond);

        // Every byte of both blobs went through the project's bucket, each blob once; the other project has none.
        Assert.Equal(image.Layer.Length + image.Config.Length, bucket.TakenBytes);
        Assert.Null(bandwidth.Current(await ProjectIdAsync(admin, unlimited)));
    }

    private async Task<(PushedImage Image, string Proxied)> ColdImageAsync()
    {
        var repository = "team/r" + Guid.NewGuid().ToString("N")[..8];
        using var upstreamClient = _upstream.UpstreamClient();
        var image = await upstreamClient.PushImageAsync(repository, "v1");
        var project = await _upstream.CreateProxyProjectAsync();
        _upstream.Forwarder.ResetCounts();
        return (image, $"{project}/{repository}");
    }

    private static string UpstreamRepository(string proxied) => proxied[(proxied.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private static async Task<long> ProjectIdAsync(RegistryClient admin, string project)
    {
        using var response = await admin.GetAsync($"/api/v2.0/projects/{project}");
        return (long)(await RegistryClient.JsonAsync(response))["project_id"]!;
    }

    /// <summary>Flushes the gateway's pull counts until the manifest has <paramref name="expected"/> pulls; then exactly that many.</summary>
    private async Task<ArtifactPulls> WaitForPullsAsync(string repository, string digest, long expected)
    {
        var store = factory.Services.GetRequiredService<IPullMetadata>();
        var recorder = factory.Services.GetRequiredService<PullRecorder>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await recorder.FlushAsync(Ct);
            var pulls = (await store.GetArtifactPullsAsync(repository, [digest], Ct)).GetValueOrDefault(digest);
            if (pulls is not null && pulls.PullCount >= expected)
            {
                Assert.Equal(expected, pulls.PullCount);
                return pulls;
            }

            Assert.True(waited.Elapsed < CountWait, $"{repository}@{digest} has {pulls?.PullCount ?? 0} pulls, not {expected}, after {CountWait}");
            await Task.Delay(200, Ct);
        }
    }
}
