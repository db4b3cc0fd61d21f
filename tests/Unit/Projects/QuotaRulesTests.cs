using ArtifactKeeper.Projects;
using ArtifactKeeper.Projects.Quotas;

namespace ArtifactKeeper.Tests.Unit.Projects;

public sealed class QuotaRulesTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(10 * MiB, "10.0 MiB")]
    [InlineData(2202009, "2.1 MiB")]
    [InlineData(1024 * MiB, "1.0 GiB")]
    [InlineData(long.MaxValue, "8.0 EiB")]
    [InlineData(StorageLimits.Unlimited, "unlimited")]
    public void Format_prints_bytes_as_Harbor_does(long bytes, string expected)
    {
        Assert.Equal(expected, StorageSize.Format(bytes));
    }

    [Fact]
    public void ExceededMessage_has_Harbors_wording()
    {
        var message = QuotaRules.ExceededMessage(2202009, 8 * MiB + 300 * 1024, 10 * MiB);

        Assert.Equal(
            "Quota exceeded when processing the request of adding 2.1 MiB of storage resource, which when updated to current usage of " +
            "8.3 MiB will exceed the configured upper limit of 10.0 MiB.",
            message);
    }

    [Fact]
    public void WarningMessage_has_Harbors_wording()
    {
        Assert.Equal("quota usage reach 85%: resource storage used 8.5 MiB of 10.0 MiB", QuotaRules.WarningMessage(85, 85 * MiB / 10, 10 * MiB));
    }

    [Theory]
    [InlineData(0, 84, 100, 85, false)]
    [InlineData(0, 85, 100, 85, true)]
    [InlineData(84, 100, 100, 85, true)]
    [InlineData(85, 90, 100, 85, false)]
    [InlineData(90, 95, 100, 85, false)]
    [InlineData(0, 1000, StorageLimits.Unlimited, 85, false)]
    [InlineData(0, 100, 100, 100, true)]
    [InlineData(long.MaxValue - 10, long.MaxValue, long.MaxValue, 100, true)]
    public void CrossesWarning_only_when_usage_reaches_the_threshold_from_below(long before, long after, long hard, int percent, bool expected)
    {
        Assert.Equal(expected, QuotaRules.CrossesWarning(before, after, hard, percent));
    }

    [Theory]
    [InlineData(StorageLimits.Unlimited, true)]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(-2, false)]
    public void StorageLimits_accept_minus_one_or_positive(long value, bool valid)
    {
        Assert.Equal(valid, StorageLimits.IsValid(value));
    }
}
