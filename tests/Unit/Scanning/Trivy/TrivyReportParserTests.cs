using System.Text;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Trivy;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Trivy;

/// <summary>EXPECTED.md §6: Trivy's SchemaVersion 2 reports.</summary>
public sealed class TrivyReportParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static VulnerabilityReport Parse(string file) =>
        TrivyReportParser.Parse(SharedFixtures.Bytes("scanning/trivy/" + file), "sha256:subject", "trivy-db", Now);

    [Fact]
    public void Debian_buster_report_reads_both_findings()
    {
        var report = Parse("debian-buster.json");

        Assert.Equal("sha256:subject", report.ArtifactDigest);
        Assert.Equal(new ScannerIdentity("Trivy", "Aqua Security", "dev"), report.Scanner);
        Assert.Equal(DateTimeOffset.Parse("2021-08-25T12:20:30.000000005Z", System.Globalization.CultureInfo.InvariantCulture), report.GeneratedAt);
        Assert.Equal(2, report.Vulnerabilities.Count);

        var bash = report.Vulnerabilities.Single(v => v.Id == "CVE-2019-18276");
        Assert.Equal(("bash", "5.0-4", (string?)null, VulnerabilitySeverity.Low), (bash.Package, bash.Version, bash.FixVersion, bash.Severity));
        Assert.Equal(7.8, bash.PreferredCvss!.BaseScore);

        var idn = report.Vulnerabilities.Single(v => v.Id == "CVE-2019-18224");
        Assert.Equal(("libidn2-0", "2.0.5-1", "2.0.5-1+deb10u1", VulnerabilitySeverity.Critical), (idn.Package, idn.Version, idn.FixVersion, idn.Severity));
        Assert.Equal(new CvssScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), idn.PreferredCvss);
        Assert.Equal(["DSA-4613-1"], idn.Aliases);
        Assert.True(idn.IsNamedBy("DSA-4613-1"));
        Assert.Equal(["CWE-787"], idn.CweIds);
        Assert.Equal("https://avd.aquasec.com/nvd/cve-2019-18224", idn.Links[0]);
        Assert.Contains("https://www.debian.org/security/2020/dsa-4613", idn.Links);
        Assert.Equal("sha256:78c1b9419976227e05be9d243b7fa583bea44a5258e52018b2af4cdfe23d148d", idn.LayerDiffId);
        Assert.Equal("debian", idn.Ecosystem);
        Assert.StartsWith("pkg:deb/debian/libidn2-0@2.0.5-1", idn.Purl, StringComparison.Ordinal);
        Assert.StartsWith("idn2_to_ascii_4i", idn.Description, StringComparison.Ordinal);
        Assert.Equal(VulnerabilitySeverity.Critical, report.Severity);
    }

    [Fact]
    public void Alpine_report_reads_four_medium_findings()
    {
        var report = Parse("alpine-310.json");

        Assert.Equal(4, report.Vulnerabilities.Count);
        Assert.All(report.Vulnerabilities, v =>
        {
            Assert.Equal(VulnerabilitySeverity.Medium, v.Severity);
            Assert.Equal("1.1.1c-r0", v.Version);
            Assert.Equal(5.3, v.PreferredCvss!.BaseScore);
            Assert.NotNull(v.LayerDiffId);
        });
        Assert.Equal(
            ["CVE-2019-1549/libcrypto1.1", "CVE-2019-1549/libssl1.1", "CVE-2019-1551/libcrypto1.1", "CVE-2019-1551/libssl1.1"],
            report.Vulnerabilities.Select(v => v.Id + "/" + v.Package).Order(StringComparer.Ordinal));
        Assert.Equal(["1.1.1d-r0", "1.1.1d-r2"], report.Vulnerabilities.Select(v => v.FixVersion!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Npm_lockfile_report_reads_the_jquery_finding()
    {
        var finding = Assert.Single(Parse("npm.json").Vulnerabilities);

        Assert.Equal(("CVE-2019-11358", "jquery", "3.3.9", "3.4.0", VulnerabilitySeverity.Medium), (finding.Id, finding.Package, finding.Version, finding.FixVersion, finding.Severity));
        Assert.Equal("npm", finding.Ecosystem);
        Assert.Null(finding.LayerDiffId);
    }

    [Fact]
    public void Report_without_results_is_clean()
    {
        var report = TrivyReportParser.Parse("""{"SchemaVersion":2,"ArtifactName":"x"}"""u8, "sha256:a", "db", Now);
        Assert.Empty(report.Vulnerabilities);
        Assert.Equal(Now, report.GeneratedAt);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"SchemaVersion":1}""")]
    [InlineData("null")]
    public void Anything_else_fails_the_scan(string text) =>
        Assert.Throws<ScanFailedException>(() => TrivyReportParser.Parse(Encoding.UTF8.GetBytes(text), "sha256:a", "db", Now));
}
