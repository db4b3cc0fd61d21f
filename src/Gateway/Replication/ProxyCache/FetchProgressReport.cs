namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Tells the fetch grain how far the holder's blob download got, at once and then every <see cref="Interval"/>, so a
/// waiter can tell whether the range it wants is near or far ahead (see <see cref="FarRange"/>); disposing stops it.
/// A report that does not arrive only makes a waiter think the download is less far than it is.
/// </summary>
public sealed class FetchProgressReport : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();

    public FetchProgressReport(IProxyFetchGrain fetch, string holder, long length, Func<long> arrived)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(arrived);
        _ = ReportAsync(fetch, holder, length, arrived, _stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static async Task ReportAsync(IProxyFetchGrain fetch, string holder, long length, Func<long> arrived, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                await fetch.ReportProgressAsync(holder, new ProxyFetchProgress(arrived(), length));
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // Waiters then see less progress than there is; the download itself does not depend on it.
        }
    }
}
