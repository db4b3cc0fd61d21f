using System.ComponentModel.DataAnnotations;
using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Tests.Unit.Hosting;

public sealed class QuotaOptionsTests
{
    private static List<ValidationResult> Validate(QuotaOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_are_unlimited_and_warn_at_85_percent()
    {
        var options = new QuotaOptions();

        Assert.Equal(-1, options.DefaultStorageLimit);
        Assert.Equal(85, options.WarningThresholdPercent);
        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void DefaultStorageLimit_other_than_minus_one_or_positive_is_refused_naming_the_key(long value)
    {
        var error = Assert.Single(Validate(new QuotaOptions { DefaultStorageLimit = value }));

        Assert.Contains("ArtifactKeeper:Quota:DefaultStorageLimit", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void WarningThresholdPercent_outside_1_to_100_is_refused(int percent)
    {
        Assert.Single(Validate(new QuotaOptions { WarningThresholdPercent = percent }));
    }
}
