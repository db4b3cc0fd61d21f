using ArtifactKeeper.HarborApi.Scanning;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Engine;

namespace ArtifactKeeper.Tests.Unit.Scanning.Engine;

public sealed class ScanPiecesTests
{
    [Fact]
    public void FindingMerger_keeps_one_finding_per_advisory_package_version_and_file_in_first_seen_order()
    {
        var a = new VulnerabilityFinding("CVE-1", "curl", "1", null, VulnerabilitySeverity.High) { PackagePath = "/var/lib/dpkg/status" };
        var b = new VulnerabilityFinding("CVE-2", "zlib", "1", "2", VulnerabilitySeverity.Low) { PackagePath = "/var/lib/dpkg/status" };
        var aElsewhere = a with { PackagePath = "/other" };

        var merged = FindingMerger.Merge([[a, b], [b, a, aElsewhere]]);

        Assert.Equal([a, b, aElsewhere], merged);
    }

    [Fact]
    public void ImageConfigDiffIds_pairs_layers_with_diff_ids_by_position_only_when_the_counts_agree()
    {
        var ids = ImageConfigDiffIds.Read("""{"rootfs":{"type":"layers","diff_ids":["sha256:a","sha256:b"]}}"""u8);
        Assert.Equal(["sha256:a", "sha256:b"], ids);
        Assert.Empty(ImageConfigDiffIds.Read("not json"u8));
        Assert.Empty(ImageConfigDiffIds.Read("""{"rootfs":{}}"""u8));
    }

    [Fact]
    public void ScanReportCodec_round_trips_a_report()
    {
        var report = new VulnerabilityReport("sha256:x", ScannerIdentity.BuiltIn, "v1", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        [
            new VulnerabilityFinding("CVE-1", "curl", "1", "2", VulnerabilitySeverity.Critical)
            {
                Aliases = ["DEBIAN-CVE-1"], PreferredCvss = new CvssScore("CVSS:3.1/AV:N", 9.8), Ecosystem = "Debian:12",
            },
        ]);

        var decoded = ScanReportCodec.Decode(ScanReportCodec.Encode(report));

        Assert.Equal(report.ArtifactDigest, decoded.ArtifactDigest);
        Assert.Equal(report.GeneratedAt, decoded.GeneratedAt);
        var finding = Assert.Single(decoded.Vulnerabilities);
        Assert.Equal(VulnerabilitySeverity.Critical, finding.Severity);
        Assert.Equal(["DEBIAN-CVE-1"], finding.Aliases);
        Assert.Equal(9.8, finding.PreferredCvss!.BaseScore);
        Assert.Equal(VulnerabilitySeverity.Critical, decoded.Severity);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("{}", null)]
    [InlineData("""{"scan_type":"vulnerability"}""", null)]
    [InlineData("""{"scan_type":"sbom"}""", "unsupported scan_type 'sbom'")]
    [InlineData("""{"scan_type":3}""", "scan_type must be a string")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"scan_type\":", "malformed JSON")]
    public void ScanTypeBody_accepts_only_vulnerability_scans(string body, string? error)
    {
        var refused = ScanTypeBody.Check(body);
        if (error is null)
        {
            Assert.Null(refused);
        }
        else
        {
            Assert.Contains(error, refused, StringComparison.Ordinal);
        }
    }
}
