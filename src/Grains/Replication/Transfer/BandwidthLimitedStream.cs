namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// Reads at most the <see cref="TokenBucket"/>'s rate on average: every read takes its bytes from the bucket and waits
/// (asynchronously) while the bucket is in debt. Reads are capped at a slice of the rate so no single read overdraws
/// by much more than a fraction of a second.
/// </summary>
public sealed class BandwidthLimitedStream(Stream inner, TokenBucket bucket) : ObservedReadStream(inner)
{
    private const int MinRead = 1024;
    private const int MaxRead = 256 * 1024;

    protected override int MaxReadSize { get; } = (int)Math.Clamp(bucket.BytesPerSecond / 8, MinRead, MaxRead);

    protected override ValueTask OnReadAsync(int bytes, CancellationToken cancellationToken) =>
        bytes > 0 ? bucket.TakeAsync(bytes, cancellationToken) : ValueTask.CompletedTask;
}
