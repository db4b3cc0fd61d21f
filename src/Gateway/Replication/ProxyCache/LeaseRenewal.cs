namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Keeps a fetch lease alive while a long download runs, renewing it at a third of its length; disposing stops it.
/// Should this gateway die, the renewals stop and the lease expires, so a waiter takes the fetch over.
/// </summary>
public sealed class LeaseRenewal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public LeaseRenewal(IProxyFetchGrain fetch, string holder, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        _ = RenewAsync(fetch, holder, lease, _stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static async Task RenewAsync(IProxyFetchGrain fetch, string holder, TimeSpan lease, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await fetch.RenewAsync(holder, lease);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A lost renewal only lets another gateway fetch again; the download here still completes.
        }
    }
}
