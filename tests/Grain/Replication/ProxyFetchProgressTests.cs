using ArtifactKeeper.Replication.ProxyCache;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// How far a blob download got, as its holder tells the fetch grain and waiters read it: only the live holder's word
/// counts, and it is gone with the lease (released, expired, or taken over by a new holder).
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ProxyFetchProgressTests(RegistryClusterFixture fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private IProxyFetchGrain NewFetch() =>
        fixture.Client.GetGrain<IProxyFetchGrain>(ProxyCachePaths.BlobFetchKey(Random.Shared.NextInt64(1, long.MaxValue), "sha256:" + new string('e', 64)));

    [Fact]
    public async Task Only_the_holders_progress_is_kept_and_it_goes_with_the_release()
    {
        var fetch = NewFetch();
        Assert.True(await fetch.TryAcquireAsync("gateway-a", Lease));
        Assert.Null(await fetch.GetProgressAsync());

        await fetch.ReportProgressAsync("gateway-a", new ProxyFetchProgress(1000, 9000));
        await fetch.ReportProgressAsync("gateway-b", new ProxyFetchProgress(8000, 9000));
        Assert.Equal(new ProxyFetchProgress(1000, 9000), await fetch.GetProgressAsync());

        await fetch.ReleaseAsync("gateway-a");
        Assert.Null(await fetch.GetProgressAsync());
    }

    [Fact]
    public async Task An_expired_holders_progress_is_not_read_and_a_new_holder_starts_without_it()
    {
        var fetch = NewFetch();
        Assert.True(await fetch.TryAcquireAsync("gateway-a", Lease));
        await fetch.ReportProgressAsync("gateway-a", new ProxyFetchProgress(5000, 9000));

        fixture.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Null(await fetch.GetProgressAsync());
        Assert.True(await fetch.TryAcquireAsync("gateway-b", Lease));
        Assert.Null(await fetch.GetProgressAsync());
        await fetch.ReportProgressAsync("gateway-a", new ProxyFetchProgress(6000, 9000));
        Assert.Null(await fetch.GetProgressAsync());
    }
}
