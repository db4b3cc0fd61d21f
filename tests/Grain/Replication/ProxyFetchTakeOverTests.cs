using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.ProxyCache;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// The proxy-cache fetch lease across gateways (<see cref="IProxyFetchGrain"/>), played the way the gateway's blob
/// source plays it: the holder of a fetch dies half-way; a waiter takes the fetch over once the lease expired (not
/// before), the dead holder can neither renew nor release what is no longer its lease, and the blob lands in storage
/// from exactly one completed fetch, which the next asker serves without fetching.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ProxyFetchTakeOverTests(RegistryClusterFixture fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShortWait = TimeSpan.FromMilliseconds(200);

    private int _completedFetches;

    [Fact]
    public async Task A_dead_holders_fetch_is_taken_over_after_its_lease_expires_and_lands_once_in_storage()
    {
        var repository = TestContent.NewRepository("cache");
        var bytes = TestContent.RandomBytes(64 * 1024);
        var digest = TestContent.DigestOf(bytes);
        var fetch = fixture.Client.GetGrain<IProxyFetchGrain>(ProxyCachePaths.BlobFetchKey(Random.Shared.NextInt64(1, long.MaxValue), digest));

        // Gateway A holds the fetch, streams part of the blob into its upload, and dies: no renewal, no release.
        Assert.True(await fetch.TryAcquireAsync("gateway-a", Lease));
        var deadUpload = TestContent.NewUploadId();
        await TestContent.WriteUploadAsync(fixture, deadUpload, bytes[..1000]);

        // Gateway B may not take a live lease; its bounded wait ends with the lease still held.
        Assert.False(await fetch.TryAcquireAsync("gateway-b", Lease));
        Assert.False(await fetch.WaitAsync(ShortWait));

        fixture.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.True(await fetch.WaitAsync(ShortWait));
        Assert.True(await FetchOrServeAsync(fetch, "gateway-b", repository, digest, bytes, beforePublish: async () =>
        {
            // A comes back while B fetches: its lease is gone, and releasing does not free B's.
            Assert.False(await fetch.RenewAsync("gateway-a", Lease));
            await fetch.ReleaseAsync("gateway-a");
            Assert.False(await fetch.TryAcquireAsync("gateway-c", Lease));
        }));

        // Gateway C asks after B finished: the blob is served from storage, not fetched again.
        Assert.False(await FetchOrServeAsync(fetch, "gateway-c", repository, digest, bytes));
        Assert.Equal(1, _completedFetches);
        var blob = await fixture.Client.GetGrain<IBlobGrain>(digest).GetAsync();
        Assert.NotNull(blob);
        Assert.Equal(BlobState.Present, blob.State);
        Assert.Equal(bytes.Length, blob.Size);
        Assert.Equal(1, blob.ReferenceCount);
        await using (var stored = await fixture.Blobs.OpenReadAsync(digest, CancellationToken.None))
        {
            Assert.NotNull(stored);
            using var copy = new MemoryStream();
            await stored.CopyToAsync(copy, CancellationToken.None);
            Assert.Equal(bytes, copy.ToArray());
        }

        // The dead holder's partial upload was never published.
        Assert.Equal(TestContent.DigestOf(bytes[..1000]), (await fixture.Blobs.DigestUploadAsync(deadUpload, CancellationToken.None))?.Digest);
    }

    [Fact]
    public async Task A_waiter_parked_on_a_live_lease_wakes_when_the_holder_releases_it()
    {
        var fetch = fixture.Client.GetGrain<IProxyFetchGrain>(ProxyCachePaths.BlobFetchKey(Random.Shared.NextInt64(1, long.MaxValue), TestContent.DigestOf(TestContent.RandomBytes())));
        Assert.True(await fetch.TryAcquireAsync("gateway-a", Lease));

        var parked = fetch.WaitAsync(Lease);
        await fetch.ReleaseAsync("gateway-a");

        Assert.True(await parked);
        Assert.True(await fetch.TryAcquireAsync("gateway-b", Lease));
    }

    /// <summary>
    /// One request's way through a blob miss: serve it when present (false), else take the lease, fetch, publish and
    /// release (true), else wait for the holder and look again.
    /// </summary>
    private async Task<bool> FetchOrServeAsync(
        IProxyFetchGrain fetch, string holder, string repository, string digest, byte[] upstreamBytes, Func<Task>? beforePublish = null)
    {
        var blob = fixture.Client.GetGrain<IBlobGrain>(digest);
        while (true)
        {
            if (await blob.GetAsync() is { State: BlobState.Present })
            {
                return false;
            }

            if (await fetch.TryAcquireAsync(holder, Lease))
            {
                try
                {
                    var upload = TestContent.NewUploadId();
                    await TestContent.WriteUploadAsync(fixture, upload, upstreamBytes);
                    if (beforePublish is not null)
                    {
                        await beforePublish();
                    }

                    Assert.Equal(LinkOutcome.Linked, await blob.TryPublishAsync(upload, upstreamBytes.Length, repository));
                    Interlocked.Increment(ref _completedFetches);
                    return true;
                }
                finally
                {
                    await fetch.ReleaseAsync(holder);
                }
            }

            await fetch.WaitAsync(ShortWait);
        }
    }
}
