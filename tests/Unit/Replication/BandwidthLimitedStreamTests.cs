using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>
/// The limiter's arithmetic, on a clock that only moves when the limiter waits: no test sleeps or measures time.
/// </summary>
public sealed class BandwidthLimitedStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reading_more_than_the_burst_waits_for_the_rest_at_the_rate()
    {
        const int rate = 100 * 1024;
        var content = new byte[1024 * 1024];
        Random.Shared.NextBytes(content);
        var clock = new SteppedClock();
        var bucket = new TokenBucket(rate, clock, clock.DelayAsync);

        await using var limited = new BandwidthLimitedStream(new MemoryStream(content), bucket);
        using var copy = new MemoryStream();
        await limited.CopyToAsync(copy, 64 * 1024, Ct);

        Assert.Equal(content, copy.ToArray());

        // The first second's worth (the burst) is free; every further byte costs 1/rate seconds.
        var expected = TimeSpan.FromSeconds((content.Length - rate) / (double)rate);
        Assert.InRange(clock.Waited, expected - TimeSpan.FromMilliseconds(1), expected + TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Reads_within_the_burst_do_not_wait()
    {
        var clock = new SteppedClock();
        var bucket = new TokenBucket(1024 * 1024, clock, clock.DelayAsync);

        await using var limited = new BandwidthLimitedStream(new MemoryStream(new byte[512 * 1024]), bucket);
        await limited.CopyToAsync(Stream.Null, Ct);

        Assert.Equal(TimeSpan.Zero, clock.Waited);
        Assert.Equal(0, clock.Waits);
    }

    [Fact]
    public async Task Time_that_passed_between_reads_refills_the_bucket_up_to_one_second()
    {
        const int rate = 1000;
        var clock = new SteppedClock();
        var bucket = new TokenBucket(rate, clock, clock.DelayAsync);

        await bucket.TakeAsync(rate, Ct);
        clock.Advance(TimeSpan.FromSeconds(10));
        await bucket.TakeAsync(rate, Ct);
        Assert.Equal(TimeSpan.Zero, clock.Waited);

        // Ten idle seconds bought one second's burst, not ten: the next second's bytes wait.
        await bucket.TakeAsync(rate, Ct);
        Assert.Equal(TimeSpan.FromSeconds(1), clock.Waited);
    }

    [Fact]
    public async Task Each_read_is_capped_so_no_single_read_overdraws_by_more_than_an_eighth_of_a_second()
    {
        const int rate = 64 * 1024;
        var clock = new SteppedClock();
        var inner = new ReadSizeRecorder(new MemoryStream(new byte[rate * 3]));
        await using var limited = new BandwidthLimitedStream(inner, new TokenBucket(rate, clock, clock.DelayAsync));

        await limited.CopyToAsync(Stream.Null, 1024 * 1024, Ct);

        Assert.All(inner.Sizes, size => Assert.True(size <= rate / 8, $"a read asked for {size} bytes"));
    }

    [Fact]
    public async Task A_cancelled_wait_cancels_the_read()
    {
        var clock = new SteppedClock { Block = true };
        using var cancellation = new CancellationTokenSource();
        await using var limited = new BandwidthLimitedStream(new MemoryStream(new byte[8192]), new TokenBucket(1024, clock, clock.DelayAsync));

        var buffer = new byte[1024];
        Assert.Equal(1024, await limited.ReadAsync(buffer, cancellation.Token));
        var waiting = limited.ReadAsync(buffer, cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void A_rate_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(0, TimeProvider.System));

    /// <summary>A clock that stands still until a wait moves it by exactly the time asked.</summary>
    internal sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public TimeSpan Waited { get; private set; }

        public int Waits { get; private set; }

        /// <summary>Waits never end (until cancelled).</summary>
        public bool Block { get; init; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;

        public Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            if (Block)
            {
                return Task.Delay(Timeout.Infinite, cancellationToken);
            }

            Waits++;
            Waited += wait;
            Advance(wait);
            return Task.CompletedTask;
        }
    }

    private sealed class ReadSizeRecorder(Stream inner) : MemoryStream
    {
        public List<int> Sizes { get; } = [];

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Sizes.Add(buffer.Length);
            return inner.ReadAsync(buffer, cancellationToken);
        }
    }
}
