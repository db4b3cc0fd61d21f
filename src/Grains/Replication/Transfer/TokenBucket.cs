namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// A token bucket of bytes: refills at <c>bytesPerSecond</c>, holds at most one second's worth (the burst). A taker
/// may overdraw it; it then waits until the debt is refilled, so a long transfer averages the rate whatever the read
/// sizes. Time comes from the injected clock and waits from the injected delay, so tests run without sleeping.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _rate;
    private readonly double _capacity;
    private readonly TimeProvider _clock;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private double _tokens;
    private long _refilledAt;
    private long _taken;

    public TokenBucket(long bytesPerSecond, TimeProvider clock, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        ArgumentNullException.ThrowIfNull(clock);
        _rate = bytesPerSecond;
        _capacity = bytesPerSecond;
        _clock = clock;
        _delay = delay ?? ((wait, cancellationToken) => Task.Delay(wait, clock, cancellationToken));
        _tokens = _capacity;
        _refilledAt = clock.GetTimestamp();
    }

    public long BytesPerSecond => (long)_rate;

    /// <summary>All bytes taken so far, by every taker (the accounting of a bucket shared by many transfers).</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>Takes <paramref name="bytes"/> tokens, waiting while the bucket is in debt.</summary>
    public async ValueTask TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        TimeSpan wait;
        lock (_gate)
        {
            Refill();
            _tokens -= bytes;
            Interlocked.Add(ref _taken, bytes);
            wait = _tokens < 0 ? TimeSpan.FromSeconds(-_tokens / _rate) : TimeSpan.Zero;
        }

        if (wait > TimeSpan.Zero)
        {
            await _delay(wait, cancellationToken);
        }
    }

    private void Refill()
    {
        var now = _clock.GetTimestamp();
        var elapsed = _clock.GetElapsedTime(_refilledAt, now);
        _refilledAt = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed.TotalSeconds * _rate));
    }
}
