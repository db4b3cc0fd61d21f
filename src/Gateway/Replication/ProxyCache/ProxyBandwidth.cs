using System.Collections.Concurrent;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Applies a proxy-cache project's <c>proxy_speed_kb</c> (KiB/s; -1 or 0: unlimited) to the blobs this gateway
/// fetches upstream for it. The project's fetches share one token bucket, so the limit bounds what the project pulls
/// from upstream together, not each download on its own; a changed limit takes effect with the next fetch.
/// </summary>
public sealed class ProxyBandwidth(TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, TokenBucket> _buckets = new();

    /// <summary><paramref name="upstream"/> read at most at the project's limit, or itself when the project has none.</summary>
    public Stream Limit(ProxyTarget target, Stream upstream)
    {
        ArgumentNullException.ThrowIfNull(target);
        return BucketOf(target) is { } bucket ? new BandwidthLimitedStream(upstream, bucket) : upstream;
    }

    /// <summary>The bucket the project's fetches on this gateway last went through, or null (never limited here).</summary>
    public TokenBucket? Current(long projectId) => _buckets.GetValueOrDefault(projectId);

    /// <summary>The project's bucket (null when it is unlimited), replaced when its limit changed.</summary>
    private TokenBucket? BucketOf(ProxyTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.SpeedKibPerSecond <= 0)
        {
            _buckets.TryRemove(target.ProjectId, out _);
            return null;
        }

        var rate = target.SpeedKibPerSecond * 1024L;
        return _buckets.AddOrUpdate(
            target.ProjectId,
            static (_, state) => new TokenBucket(state.rate, state.clock),
            static (_, current, state) => current.BytesPerSecond == state.rate ? current : new TokenBucket(state.rate, state.clock),
            (rate, clock));
    }
}
