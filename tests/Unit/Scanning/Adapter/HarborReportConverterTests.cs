using System.Text.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Adapter;

namespace ArtifactKeeper.Tests.Unit.Scanning.Adapter;

public sealed class HarborReportConverterTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static readonly VulnerabilityReport Report = new(
        "sha256:abc",
        ScannerIdentity.BuiltIn,
        "db-7",
        At,
        [
            new VulnerabilityFinding("CVE-2023-38545", "curl", "7.88.1-10", "7.88.1-10+deb12u4", VulnerabilitySeverity.Critical)
            {
                Description = "SOCKS5 heap overflow",
                Links = ["https://example.test/cve"],
                CweIds = ["CWE-787"],
                PreferredCvss = new CvssScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
                LayerDiffId = "sha256:layer",
            },
            new VulnerabilityFinding("GHSA-x", "lodash", "4.17.0", null, VulnerabilitySeverity.Unknown),
        ]);

    private static readonly AdapterArtifact Artifact = new() { Repository = "library/app", Digest = "sha256:abc", MimeType = AdapterMimeTypes.OciManifest };

    [Fact]
    public void FromReport_v11_writes_capitalised_severities_and_v11_fields()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(HarborReportConverter.FromReport(Report, Artifact, AdapterMimeTypes.VulnerabilityReportV11), AdapterJson.Options))!;

        Assert.Equal("Critical", (string?)json["severity"]);
        Assert.Equal("ArtifactKeeper", (string?)json["scanner"]!["name"]);
        Assert.Equal("library/app", (string?)json["artifact"]!["repository"]);
        var first = json["vulnerabilities"]![0]!;
        Assert.Equal("Critical", (string?)first["severity"]);
        Assert.Equal("7.88.1-10+deb12u4", (string?)first["fix_version"]);
        Assert.Equal("CWE-787", (string?)first["cwe_ids"]![0]);
        Assert.Equal(9.8, (double?)first["preferred_cvss"]!["score_v3"]);
        Assert.Equal("sha256:layer", (string?)first["layer"]!["diff_id"]);
        Assert.Equal("Unknown", (string?)json["vulnerabilities"]![1]!["severity"]);
        Assert.Null(json["vulnerabilities"]![1]!["fix_version"]);
    }

    [Fact]
    public void FromReport_v10_leaves_out_the_v11_fields()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(HarborReportConverter.FromReport(Report, Artifact, AdapterMimeTypes.HarborReportV10), AdapterJson.Options))!;
        var first = json["vulnerabilities"]![0]!.AsObject();

        Assert.False(first.ContainsKey("cwe_ids"));
        Assert.False(first.ContainsKey("preferred_cvss"));
        Assert.Equal("Critical", (string?)first["severity"]);
    }

    [Theory]
    [InlineData(AdapterMimeTypes.VulnerabilityReportV11)]
    [InlineData(AdapterMimeTypes.HarborReportV10)]
    public void Round_trip_keeps_findings(string mimeType)
    {
        var wire = JsonSerializer.Serialize(HarborReportConverter.FromReport(Report, Artifact, mimeType), AdapterJson.Options);
        var back = HarborReportConverter.ToReport(JsonSerializer.Deserialize<HarborVulnerabilityReport>(wire, AdapterJson.Options)!, "sha256:other", "db-7", DateTimeOffset.UnixEpoch);

        Assert.Equal("sha256:abc", back.ArtifactDigest);
        Assert.Equal(At, back.GeneratedAt);
        Assert.Equal(Report.Vulnerabilities.Select(v => (v.Id, v.Package, v.Version, v.FixVersion, v.Severity)), back.Vulnerabilities.Select(v => (v.Id, v.Package, v.Version, v.FixVersion, v.Severity)));
        Assert.Equal(VulnerabilitySeverity.Critical, back.Severity);
    }

    [Fact]
    public void Clean_report_has_severity_None()
    {
        var clean = Report with { Vulnerabilities = [] };
        Assert.Equal("None", HarborReportConverter.FromReport(clean, Artifact, AdapterMimeTypes.VulnerabilityReportV11).Severity);
    }

    [Theory]
    [InlineData("Critical", VulnerabilitySeverity.Critical)]
    [InlineData("HIGH", VulnerabilitySeverity.High)]
    [InlineData("medium", VulnerabilitySeverity.Medium)]
    [InlineData("Negligible", VulnerabilitySeverity.Low)]
    [InlineData("Low", VulnerabilitySeverity.Low)]
    [InlineData("Unknown", VulnerabilitySeverity.Unknown)]
    [InlineData("bogus", VulnerabilitySeverity.Unknown)]
    [InlineData(null, VulnerabilitySeverity.Unknown)]
    [InlineData("None", VulnerabilitySeverity.None)]
    public void Severity_words_parse_in_any_case(string? word, VulnerabilitySeverity expected) =>
        Assert.Equal(expected, HarborSeverities.Parse(word));

    [Theory]
    [InlineData(null, AdapterMimeTypes.VulnerabilityReportV11)]
    [InlineData("*/*", AdapterMimeTypes.VulnerabilityReportV11)]
    [InlineData("application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0", AdapterMimeTypes.HarborReportV10)]
    [InlineData("application/vnd.security.vulnerability.report;version=1.1", AdapterMimeTypes.VulnerabilityReportV11)]
    [InlineData("text/plain, application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0", AdapterMimeTypes.HarborReportV10)]
    [InlineData("text/plain", null)]
    [InlineData("application/vnd.security.vulnerability.report; version=9.9", null)]
    public void ChooseReportType_reads_the_Accept_header(string? accept, string? expected) =>
        Assert.Equal(expected, AdapterMimeTypes.ChooseReportType(accept));
}
