using System.Net;
using System.Security.Cryptography;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// A range far into a cold blob (more than <c>ColdRangeThreshold</c>, 4 MiB by default, past what the download has
/// brought) is answered by a ranged upstream GET passed through, while the one whole download goes on for the cache:
/// against the real distribution upstream behind the counting, holding forwarder.
/// </summary>
public sealed class ProxyCacheFarRangeTests(ProxyCacheRegistryFactory factory) : IClassFixture<ProxyCacheRegistryFactory>, IAsyncLifetime
{
    private const int BlobSize = 6 * 1024 * 1024;
    private const int Tail = 1000;
    private readonly ProxyCacheUpstream _upstream = new(factory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _upstream.StartAsync();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    [Fact]
    public async Task A_range_near_the_end_of_a_held_download_is_answered_while_the_whole_fetch_is_held_and_the_blob_is_cached_by_it()
    {
        var (blob, digest, proxied, upstreamPath) = await ColdBlobAsync();
        var first = 0;
        var hold = _upstream.Forwarder.Hold((method, path) => method == "GET" && path == upstreamPath && Interlocked.Exchange(ref first, 1) == 0);
        using var whole = factory.Admin();
        using var ranged = factory.Admin();

        var wholePull = whole.GetAsync($"/v2/{proxied}/blobs/{digest}");
        await WaitForAsync(() => hold.Waiting == 1);
        using (var part = await ranged.GetAsync($"/v2/{proxied}/blobs/{digest}", r => r.Headers.TryAddWithoutValidation("Range", $"bytes={BlobSize - Tail}-")))
        {
            OciAssert.Status(part, HttpStatusCode.PartialContent);
            Assert.Equal($"bytes {BlobSize - Tail}-{BlobSize - 1}/{BlobSize}", part.Content.Headers.ContentRange?.ToString());
            Assert.Equal(digest, OciAssert.Header(part, "Docker-Content-Digest"));
            Assert.Equal(blob[(BlobSize - Tail)..], await part.Content.ReadAsByteArrayAsync(Ct));
        }

        // Answered while the whole fetch was still held at the forwarder.
        Assert.Equal(1, hold.Waiting);
        hold.Release();
        using (var response = await wholePull)
        {
            OciAssert.Status(response, HttpStatusCode.OK);
            Assert.Equal(blob, await response.Content.ReadAsByteArrayAsync(Ct));
        }

        // One whole fetch (the held one) and the one ranged GET; the blob is cached: a warm pull asks upstream nothing.
        await ProxyCacheUpstream.AssertBlobAsync(whole, proxied, digest, blob);
        Assert.Equal((1, 2), (hold.Arrived, _upstream.Received("GET", upstreamPath)));
    }

    [Fact]
    public async Task A_cold_request_for_a_far_range_is_answered_from_a_ranged_upstream_get_while_its_own_fetch_caches_the_whole_blob()
    {
        var (blob, digest, proxied, upstreamPath) = await ColdBlobAsync();
        using var admin = factory.Admin();

        using (var part = await admin.GetAsync($"/v2/{proxied}/blobs/{digest}", r => r.Headers.TryAddWithoutValidation("Range", $"bytes=-{Tail}")))
        {
            OciAssert.Status(part, HttpStatusCode.PartialContent);
            Assert.Equal($"bytes {BlobSize - Tail}-{BlobSize - 1}/{BlobSize}", part.Content.Headers.ContentRange?.ToString());
            Assert.Equal(blob[(BlobSize - Tail)..], await part.Content.ReadAsByteArrayAsync(Ct));
        }

        await ProxyCacheUpstream.AssertBlobAsync(admin, proxied, digest, blob);
        Assert.Equal(2, _upstream.Received("GET", upstreamPath));
    }

    private async Task<(byte[] Blob, string Digest, string Proxied, string UpstreamPath)> ColdBlobAsync()
    {
        var repository = "team/far" + Guid.NewGuid().ToString("N")[..8];
        var blob = RandomNumberGenerator.GetBytes(BlobSize);
        using var upstreamClient = _upstream.UpstreamClient();
        var digest = await upstreamClient.PushBlobAsync(repository, blob);
        var project = await _upstream.CreateProxyProjectAsync();
        _upstream.Forwarder.ResetCounts();
        return (blob, digest, $"{project}/{repository}", $"/v2/{repository}/blobs/{digest}");
    }

    /// <summary>Polls a condition with a generous limit (not a timing assertion).</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the condition did not hold within a minute");
            await Task.Delay(25, Ct);
        }
    }
}
