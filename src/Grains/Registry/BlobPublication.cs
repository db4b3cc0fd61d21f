namespace ArtifactKeeper.Registry;

/// <summary>
/// Publishes an upload's bytes through the blob grain, outlasting a garbage collection that is deleting the same
/// digest at that moment. Between the collector's begin-delete and complete-delete the grain refuses the publish
/// (DESIGN invariant 4: the bytes are deleted outside its turn); that window is one page's byte batch, so waiting it
/// out turns what a client would see as a refused push into a slower one. A blob left Deleting by a failed batch
/// stays refused until the next run, so the wait is bounded and the caller then answers as before.
/// </summary>
public static class BlobPublication
{
    /// <summary>Longest wait for a delete in progress: several page batches on slow object storage.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(2);

    public static async Task<LinkOutcome> PublishAsync(
        this IBlobGrain blob, string uploadId, long size, string repository, CancellationToken cancellationToken,
        TimeSpan? maxWait = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(blob);
        clock ??= TimeProvider.System;
        var giveUpAt = clock.GetUtcNow() + (maxWait ?? MaxWait);
        var delay = FirstDelay;
        while (true)
        {
            var outcome = await blob.TryPublishAsync(uploadId, size, repository);
            if (outcome != LinkOutcome.BlobGone || clock.GetUtcNow() + delay > giveUpAt)
            {
                return outcome;
            }

            await Task.Delay(delay, clock, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
        }
    }
}
