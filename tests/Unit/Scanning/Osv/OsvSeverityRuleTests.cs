using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Osv;

namespace ArtifactKeeper.Tests.Unit.Scanning.Osv;

public sealed class OsvSeverityRuleTests
{
    private const string Critical98 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    private const string Medium53 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N";
    private const string V4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

    [Fact]
    public void Resolve_takes_the_highest_cvss_v3_score_over_every_other_source()
    {
        var (severity, cvss) = OsvSeverityRule.Resolve(Advisory([Medium53], "LOW"), Package([Critical98], "unimportant"));

        Assert.Equal(VulnerabilitySeverity.Critical, severity);
        Assert.Equal(new CvssScore(Critical98, 9.8), cvss);
    }

    [Theory]
    [InlineData("MODERATE", VulnerabilitySeverity.Medium)]
    [InlineData("moderate", VulnerabilitySeverity.Medium)]
    [InlineData("HIGH", VulnerabilitySeverity.High)]
    [InlineData("LOW", VulnerabilitySeverity.Low)]
    public void Resolve_falls_back_to_the_database_severity_word(string word, VulnerabilitySeverity expected)
    {
        Assert.Equal(expected, OsvSeverityRule.Resolve(Advisory([], word), Package([], "high")).Severity);
    }

    [Theory]
    [InlineData("unimportant", VulnerabilitySeverity.Low)]
    [InlineData("medium**", VulnerabilitySeverity.Medium)]
    [InlineData("high", VulnerabilitySeverity.High)]
    [InlineData("not yet assigned", VulnerabilitySeverity.Unknown)]
    public void Resolve_then_uses_the_debian_urgency(string urgency, VulnerabilitySeverity expected)
    {
        Assert.Equal(expected, OsvSeverityRule.Resolve(Advisory([], null), Package([], urgency)).Severity);
    }

    [Fact]
    public void Resolve_is_unknown_without_a_scorable_vector_or_a_word_and_keeps_the_vector()
    {
        var (severity, cvss) = OsvSeverityRule.Resolve(Advisory([V4], null), Package([], null));

        Assert.Equal(VulnerabilitySeverity.Unknown, severity);
        Assert.Equal(new CvssScore(V4, null), cvss);
        Assert.Equal((VulnerabilitySeverity.Unknown, (CvssScore?)null), OsvSeverityRule.Resolve(Advisory([], null), Package([], null)));
    }

    private static OsvAdvisory Advisory(string[] vectors, string? word) => new("ID-1", null, [], [], [], vectors, word);

    private static OsvAffectedPackage Package(string[] vectors, string? urgency) => new("Debian:12", "pkg", [], [], urgency, vectors, []);
}
