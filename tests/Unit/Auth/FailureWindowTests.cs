using ArtifactKeeper.Auth;

namespace ArtifactKeeper.Tests.Unit.Auth;

public sealed class FailureWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(5);

    private static FailureWindow Create(int max = 3, int capacity = 100) => new(max, Window, Lockout, capacity);

    [Fact]
    public void RetryAfter_unknown_key_is_null()
    {
        Assert.Null(Create().RetryAfter("alice", Now));
    }

    [Fact]
    public void RecordFailure_below_limit_does_not_lock()
    {
        var window = Create();

        Assert.Null(window.RecordFailure("alice", Now));
        Assert.Null(window.RecordFailure("alice", Now.AddSeconds(1)));

        Assert.Null(window.RetryAfter("alice", Now.AddSeconds(2)));
    }

    [Fact]
    public void RecordFailure_reaching_limit_locks_for_lockout()
    {
        var window = Create();
        window.RecordFailure("alice", Now);
        window.RecordFailure("alice", Now.AddSeconds(1));

        Assert.Equal(Lockout, window.RecordFailure("alice", Now.AddSeconds(2)));

        Assert.Equal(Lockout - TimeSpan.FromSeconds(1), window.RetryAfter("alice", Now.AddSeconds(3)));
        Assert.Null(window.RetryAfter("alice", Now.AddSeconds(2) + Lockout));
    }

    [Fact]
    public void Failures_older_than_window_do_not_count()
    {
        var window = Create();
        window.RecordFailure("alice", Now);
        window.RecordFailure("alice", Now.AddSeconds(1));

        // The first two slid out of the window, so this is the first of a new run.
        Assert.Null(window.RecordFailure("alice", Now + Window + TimeSpan.FromSeconds(2)));
        Assert.Null(window.RetryAfter("alice", Now + Window + TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Sliding_window_counts_failures_spread_inside_it()
    {
        var window = Create();
        window.RecordFailure("alice", Now);
        window.RecordFailure("alice", Now + Window / 2);

        Assert.NotNull(window.RecordFailure("alice", Now + Window - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Keys_are_independent_and_ordinal()
    {
        var window = Create(max: 1);
        window.RecordFailure("alice", Now);

        Assert.NotNull(window.RetryAfter("alice", Now));
        Assert.Null(window.RetryAfter("Alice", Now));
        Assert.Null(window.RetryAfter("bob", Now));
    }

    [Fact]
    public void Reset_clears_failures_and_lockout()
    {
        var window = Create(max: 2);
        window.RecordFailure("alice", Now);
        window.RecordFailure("alice", Now);
        Assert.NotNull(window.RetryAfter("alice", Now));

        window.Reset("alice");

        Assert.Null(window.RetryAfter("alice", Now));
        Assert.Null(window.RecordFailure("alice", Now));
    }

    [Fact]
    public void After_lockout_the_count_starts_from_zero()
    {
        var window = Create(max: 2);
        window.RecordFailure("alice", Now);
        window.RecordFailure("alice", Now);
        var later = Now + Lockout;

        Assert.Null(window.RecordFailure("alice", later));
        Assert.NotNull(window.RecordFailure("alice", later));
    }

    [Fact]
    public void Capacity_is_bounded_and_evicts_least_recently_failed_key()
    {
        var window = Create(max: 2, capacity: 3);
        window.RecordFailure("a", Now);
        window.RecordFailure("b", Now.AddSeconds(1));
        window.RecordFailure("c", Now.AddSeconds(2));
        window.RecordFailure("a", Now.AddSeconds(3)); // a locks and becomes most recent

        window.RecordFailure("d", Now.AddSeconds(4)); // evicts b, the oldest

        Assert.Equal(3, window.Count);
        Assert.NotNull(window.RetryAfter("a", Now.AddSeconds(5)));
        Assert.Null(window.RecordFailure("b", Now.AddSeconds(5))); // b started over: its first failure was forgotten
    }

    [Fact]
    public void Many_distinct_keys_never_exceed_capacity()
    {
        var window = Create(capacity: 50);
        for (var i = 0; i < 10_000; i++)
        {
            window.RecordFailure("user" + i, Now.AddMilliseconds(i));
        }

        Assert.Equal(50, window.Count);
    }

    [Fact]
    public void RetryAfter_forgets_keys_whose_failures_all_expired()
    {
        var window = Create();
        window.RecordFailure("alice", Now);

        Assert.Null(window.RetryAfter("alice", Now + Window + TimeSpan.FromSeconds(1)));

        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void Concurrent_failures_are_all_counted()
    {
        var window = Create(max: 1000, capacity: 10);
        Parallel.For(0, 999, _ => window.RecordFailure("alice", Now));

        Assert.Null(window.RetryAfter("alice", Now));
        Assert.NotNull(window.RecordFailure("alice", Now));
    }

    [Theory]
    [InlineData(0, 60, 60, 1)]
    [InlineData(1, 0, 60, 1)]
    [InlineData(1, 60, 0, 1)]
    [InlineData(1, 60, 60, 0)]
    public void Constructor_rejects_non_positive_settings(int max, int windowSeconds, int lockoutSeconds, int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new FailureWindow(max, TimeSpan.FromSeconds(windowSeconds), TimeSpan.FromSeconds(lockoutSeconds), capacity));
    }
}
