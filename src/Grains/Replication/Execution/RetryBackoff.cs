namespace ArtifactKeeper.Replication.Execution;

/// <summary>
/// Exponential backoff with full jitter: before attempt n+1 wait a uniform random time up to
/// min(<c>max</c>, <c>base</c>·2^(n-1)), so many tasks failing together do not retry together; a server's
/// <c>Retry-After</c> is a floor.
/// </summary>
public static class RetryBackoff
{
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan? retryAfter, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        ArgumentNullException.ThrowIfNull(random);
        var ceiling = Ceiling(failedAttempts, baseDelay, maxDelay);
        var jittered = TimeSpan.FromTicks((long)(random.NextDouble() * ceiling.Ticks));
        return retryAfter is { } floor && floor > jittered ? floor : jittered;
    }

    /// <summary>The longest wait after <paramref name="failedAttempts"/> failures, before jitter.</summary>
    public static TimeSpan Ceiling(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        // Doubling past 2^30 overflows long before it matters: the cap is reached far earlier.
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ticks = baseDelay.Ticks * (double)(1L << exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
