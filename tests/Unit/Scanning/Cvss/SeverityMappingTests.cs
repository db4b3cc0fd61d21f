using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Cvss;

namespace ArtifactKeeper.Tests.Unit.Scanning.Cvss;

public sealed class SeverityMappingTests
{
    [Theory]
    [InlineData(0.0, VulnerabilitySeverity.None)]
    [InlineData(0.1, VulnerabilitySeverity.Low)]
    [InlineData(3.9, VulnerabilitySeverity.Low)]
    [InlineData(4.0, VulnerabilitySeverity.Medium)]
    [InlineData(6.9, VulnerabilitySeverity.Medium)]
    [InlineData(7.0, VulnerabilitySeverity.High)]
    [InlineData(8.9, VulnerabilitySeverity.High)]
    [InlineData(9.0, VulnerabilitySeverity.Critical)]
    [InlineData(10.0, VulnerabilitySeverity.Critical)]
    [InlineData(-1.0, VulnerabilitySeverity.Unknown)]
    [InlineData(10.1, VulnerabilitySeverity.Unknown)]
    [InlineData(double.NaN, VulnerabilitySeverity.Unknown)]
    public void FromScore_uses_the_CVSS_v3_qualitative_ratings(double score, VulnerabilitySeverity expected) =>
        Assert.Equal(expected, SeverityMapping.FromScore(score));

    [Theory]
    // GitHub advisories (database_specific.severity).
    [InlineData("CRITICAL", VulnerabilitySeverity.Critical)]
    [InlineData("HIGH", VulnerabilitySeverity.High)]
    [InlineData("MODERATE", VulnerabilitySeverity.Medium)]
    [InlineData("MEDIUM", VulnerabilitySeverity.Medium)]
    [InlineData("LOW", VulnerabilitySeverity.Low)]
    // Debian urgencies, starred variants included.
    [InlineData("unimportant", VulnerabilitySeverity.Low)]
    [InlineData("low*", VulnerabilitySeverity.Low)]
    [InlineData("medium**", VulnerabilitySeverity.Medium)]
    [InlineData("high", VulnerabilitySeverity.High)]
    [InlineData("not yet assigned", VulnerabilitySeverity.Unknown)]
    [InlineData("end-of-life", VulnerabilitySeverity.Unknown)]
    // Ubuntu priorities and Red Hat ratings.
    [InlineData("negligible", VulnerabilitySeverity.Low)]
    [InlineData("NEGLIGIBLE", VulnerabilitySeverity.Low)]
    [InlineData("untriaged", VulnerabilitySeverity.Unknown)]
    [InlineData("important", VulnerabilitySeverity.High)]
    [InlineData("Critical", VulnerabilitySeverity.Critical)]
    [InlineData("UNKNOWN", VulnerabilitySeverity.Unknown)]
    [InlineData("NONE", VulnerabilitySeverity.None)]
    [InlineData(" high ", VulnerabilitySeverity.High)]
    public void FromDatabaseWord_follows_Trivy(string word, VulnerabilitySeverity expected) =>
        Assert.Equal(expected, SeverityMapping.FromDatabaseWord(word));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("severe")]
    [InlineData("7.5")]
    public void FromDatabaseWord_is_null_for_words_it_does_not_know(string? word) =>
        Assert.Null(SeverityMapping.FromDatabaseWord(word));
}
