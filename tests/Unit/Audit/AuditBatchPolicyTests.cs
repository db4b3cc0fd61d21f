using ArtifactKeeper.Audit;

namespace ArtifactKeeper.Tests.Unit.Audit;

public sealed class AuditBatchPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AuditBatchPolicy Policy = new(MaxBatch: 100, MaxDelay: TimeSpan.FromSeconds(1));

    [Fact]
    public void A_full_batch_is_due_at_once()
    {
        Assert.True(Policy.IsDue(100, T0, T0));
        Assert.False(Policy.IsDue(99, T0, T0));
    }

    [Fact]
    public void A_partial_batch_is_due_once_its_oldest_event_waited_the_delay()
    {
        Assert.False(Policy.IsDue(1, T0, T0.AddMilliseconds(999)));
        Assert.True(Policy.IsDue(1, T0, T0.AddSeconds(1)));
    }

    [Fact]
    public void An_empty_batch_is_never_due()
    {
        Assert.False(Policy.IsDue(0, T0, T0.AddHours(1)));
    }

    [Fact]
    public void Remaining_counts_down_to_zero_and_stays_there()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Policy.Remaining(T0, T0));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Policy.Remaining(T0, T0.AddMilliseconds(750)));
        Assert.Equal(TimeSpan.Zero, Policy.Remaining(T0, T0.AddSeconds(5)));
    }
}
