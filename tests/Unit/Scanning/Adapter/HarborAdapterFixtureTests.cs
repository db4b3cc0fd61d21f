using System.Text.Json;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.Unit.Scanning.Adapter;

/// <summary>EXPECTED.md §7: the Harbor adapter samples read as the spec and Harbor's tests say.</summary>
public sealed class HarborAdapterFixtureTests
{
    private const string Folder = "scanning/harbor-adapter/";
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static T Read<T>(string file) =>
        JsonSerializer.Deserialize<T>(SharedFixtures.Bytes(Folder + file), AdapterJson.Options)!;

    [Fact]
    public void Metadata_sample_reads_scanner_capabilities_and_properties()
    {
        var metadata = Read<AdapterMetadata>("metadata.trivy-adapter-test.json");

        Assert.Equal(new ScannerIdentity("Trivy", "Aqua Security", "Unknown"), metadata.Scanner!.ToIdentity());
        Assert.Equal(2, metadata.Capabilities.Count);
        var vulnerability = metadata.Capabilities[0];
        Assert.Equal("vulnerability", vulnerability.Type);
        Assert.Equal([AdapterMimeTypes.OciManifest, AdapterMimeTypes.DockerManifest], vulnerability.ConsumesMimeTypes);
        Assert.Equal([AdapterMimeTypes.VulnerabilityReportV11], vulnerability.ProducesMimeTypes);
        var sbom = metadata.Capabilities[1];
        Assert.Equal("sbom", sbom.Type);
        Assert.Equal(["application/vnd.security.sbom.report+json; version=1.0"], sbom.ProducesMimeTypes);
        var sbomTypes = sbom.AdditionalAttributes!.Value.GetProperty("sbom_media_types").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["application/spdx+json", "application/vnd.cyclonedx+json"], sbomTypes);
        Assert.Equal(19, metadata.Properties.Count);
        Assert.Equal("2020-03-18T07:47:24Z", metadata.Properties["harbor.scanner-adapter/vulnerability-database-updated-at"]);
    }

    [Fact]
    public void Scan_request_sample_reads_registry_and_artifact_without_optional_fields()
    {
        var request = Read<AdapterScanRequest>("scan-request.trivy-adapter-test.json");

        Assert.Equal("https://core.harbor.domain", request.Registry!.Url);
        Assert.Equal("Bearer JWTTOKENGOESHERE", request.Registry.Authorization);
        Assert.Equal("library/oracle/nosql", request.Artifact!.Repository);
        Assert.Equal("sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b", request.Artifact.Digest);
        Assert.Null(request.Artifact.Tag);
        Assert.Null(request.Artifact.MimeType);
        Assert.Null(request.EnabledCapabilities);
        Assert.Null(AdapterScanRequestRules.Check(request));
    }

    [Fact]
    public void Error_sample_is_the_answer_to_an_empty_request()
    {
        var error = Read<AdapterErrorResponse>("error-422.trivy-adapter-test.json");

        Assert.Equal("missing registry.url", error.Error!.Message);
        Assert.Equal(error.Error.Message, AdapterScanRequestRules.Check(new AdapterScanRequest()));
    }

    [Fact]
    public void V11_report_converts_every_item_field()
    {
        var harbor = Read<HarborVulnerabilityReport>("vulnerability-report-v1.1.harbor-test.json");

        Assert.Equal("Medium", harbor.Severity);
        var report = HarborReportConverter.ToReport(harbor, "sha256:ignored", "db-1", Now);

        Assert.Equal("sha256:d5b40885539615b9aeb7119516427959a158386af13e00d79a7da43ad1b3fb87", report.ArtifactDigest);
        Assert.Equal(new ScannerIdentity("Trivy", "Aqua Security", "v0.9.1"), report.Scanner);
        Assert.Equal(new DateTimeOffset(2020, 8, 1, 18, 28, 49, TimeSpan.Zero).AddTicks(728855), report.GeneratedAt);
        var finding = Assert.Single(report.Vulnerabilities);
        Assert.Equal("CVE-2019-18276", finding.Id);
        Assert.Equal("bash", finding.Package);
        Assert.Equal("5.0-6ubuntu1.1", finding.Version);
        Assert.Null(finding.FixVersion);
        Assert.Equal(VulnerabilitySeverity.Low, finding.Severity);
        Assert.Equal(5, finding.Links.Count);
        Assert.Equal("sha256:f66829086c450acd5f67d0529a58f7120926c890f04e17aa7f0e9365da86480a", finding.LayerDiffId);
        Assert.Equal(["CWE-476", "CWE-345"], finding.CweIds);
        Assert.Equal(new CvssScore("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 3.2), finding.PreferredCvss);
        Assert.Equal(6.5, harbor.Vulnerabilities[0].VendorAttributes!.Value.GetProperty("CVSS").GetProperty("nvd").GetProperty("V3Score").GetDouble());
        // The stated severity is kept on the wire model; the converted report is judged by its items.
        Assert.Equal(VulnerabilitySeverity.Low, report.Severity);
    }

    [Fact]
    public void Mixed_severity_report_recomputes_the_maximum()
    {
        var harbor = Read<HarborVulnerabilityReport>("vulnerability-report-v1.1-mixed-severity.harbor-test.json");
        var report = HarborReportConverter.ToReport(harbor, "sha256:x", "db", Now);

        Assert.Equal("Medium", harbor.Severity);
        Assert.Equal(
            [VulnerabilitySeverity.Low, VulnerabilitySeverity.High, VulnerabilitySeverity.Medium],
            report.Vulnerabilities.Select(v => v.Severity));
        Assert.Contains(report.Vulnerabilities, v => v is { Id: "CVE-2013-7445", Package: "linux", Severity: VulnerabilitySeverity.High });
        Assert.Equal(VulnerabilitySeverity.High, report.Severity);
    }

    [Fact]
    public void Minimal_report_is_the_v10_shape_without_v11_fields()
    {
        var harbor = Read<HarborVulnerabilityReport>("vulnerability-report-minimal.harbor-test.json");
        var finding = Assert.Single(HarborReportConverter.ToReport(harbor, "sha256:x", "db", Now).Vulnerabilities);

        Assert.Empty(finding.CweIds);
        Assert.Null(finding.PreferredCvss);
        Assert.Null(harbor.Vulnerabilities[0].VendorAttributes);
    }
}
