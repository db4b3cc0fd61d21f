using ArtifactKeeper.Replication.Execution;

namespace ArtifactKeeper.Tests.Unit.Replication;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(6, 64)]
    [InlineData(7, 120)]
    [InlineData(60, 120)]
    public void The_ceiling_doubles_per_failed_attempt_up_to_the_maximum(int failedAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryBackoff.Ceiling(failedAttempts, Base, Max));

    [Fact]
    public void Full_jitter_spreads_delays_between_zero_and_the_ceiling()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 500).Select(_ => RetryBackoff.Delay(3, Base, Max, null, random)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(8)));
        Assert.Contains(delays, d => d < TimeSpan.FromSeconds(2));
        Assert.Contains(delays, d => d > TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void Retry_after_is_a_floor()
    {
        var random = new Random(1);

        Assert.All(
            Enumerable.Range(0, 100).Select(_ => RetryBackoff.Delay(1, Base, Max, TimeSpan.FromSeconds(30), random)),
            d => Assert.Equal(TimeSpan.FromSeconds(30), d));
    }
}
