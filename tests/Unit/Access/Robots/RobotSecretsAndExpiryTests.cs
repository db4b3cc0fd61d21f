using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Access;

namespace ArtifactKeeper.Tests.Unit.Access.Robots;

public sealed class RobotSecretsAndExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("Abcdefg1", true)]
    [InlineData("Abcdef1", false)]
    [InlineData("abcdefg1", false)]
    [InlineData("ABCDEFG1", false)]
    [InlineData("Abcdefgh", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_applies_harbors_complexity_rule(string? secret, bool expected) =>
        Assert.Equal(expected, HarborSecretRule.IsValid(secret));

    [Fact]
    public void IsValid_bounds_the_length_at_128()
    {
        Assert.True(HarborSecretRule.IsValid("Aa1" + new string('x', 125)));
        Assert.False(HarborSecretRule.IsValid("Aa1" + new string('x', 126)));
    }

    [Fact]
    public void Generate_makes_valid_distinct_secrets()
    {
        var secrets = Enumerable.Range(0, 50).Select(_ => HarborSecretRule.Generate()).ToList();

        Assert.All(secrets, s => Assert.True(HarborSecretRule.IsValid(s), s));
        Assert.All(secrets, s => Assert.Equal(32, s.Length));
        Assert.Equal(secrets.Count, secrets.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(1, true)]
    [InlineData(2147483646, true)]
    [InlineData(0, false)]
    [InlineData(-2, false)]
    [InlineData(2147483647, false)]
    public void IsValidDuration_is_never_or_positive_days(long days, bool expected) =>
        Assert.Equal(expected, RobotExpiry.IsValidDuration(days));

    [Fact]
    public void ExpiresAt_counts_days_in_unix_seconds_and_never_is_minus_one()
    {
        Assert.Equal(Now.AddDays(30).ToUnixTimeSeconds(), RobotExpiry.ExpiresAt(Now, 30));
        Assert.Equal(-1, RobotExpiry.ExpiresAt(Now, -1));
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeSeconds(), RobotExpiry.ExpiresAt(Now, int.MaxValue - 1));
    }

    [Fact]
    public void IsExpired_from_the_expiry_second_on_and_never_for_minus_one()
    {
        var expiresAt = Now.ToUnixTimeSeconds();

        Assert.False(RobotExpiry.IsExpired(expiresAt, Now.AddSeconds(-1)));
        Assert.True(RobotExpiry.IsExpired(expiresAt, Now));
        Assert.True(RobotExpiry.IsExpired(expiresAt, Now.AddDays(1)));
        Assert.False(RobotExpiry.IsExpired(-1, DateTimeOffset.MaxValue));
    }
}
