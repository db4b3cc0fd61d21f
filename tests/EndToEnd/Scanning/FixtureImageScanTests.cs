using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Support;

namespace ArtifactKeeper.Tests.EndToEnd.Scanning;

/// <summary>
/// The fixture images of <c>../shared/fixtures/scanning</c> pushed with skopeo into a project with <c>auto_scan</c>, the
/// built-in scanner over the fixture OSV database, and Harbor's API read back: each image's report holds exactly the
/// rows of EXPECTED.md (§1–§3), in Harbor's capitalisation. Then prevention refuses the vulnerable pull with 412 until
/// the project allowlists its Critical and High CVEs, and a CycloneDX SBOM pushed as an OCI artifact scans to §4.
/// </summary>
public sealed class FixtureImageScanTests(ScanningRegistry registry) : IClassFixture<ScanningRegistry>
{
    private const string ReportMimeType = "application/vnd.security.vulnerability.report; version=1.1";
    private static readonly TimeSpan ScanDeadline = TimeSpan.FromMinutes(3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>EXPECTED.md §1: (id, package, installed version, fixed version or "", Harbor severity).</summary>
    private static readonly string[] DebianWhiteout =
    [
        "DEBIAN-CVE-2024-28085 bsdutils 1:2.38.1-5+b1 2.38.1-5+deb12u1 Unknown",
        "DEBIAN-CVE-2023-38545 curl 7.88.1-10+deb12u1 7.88.1-10+deb12u4 Critical",
        "DEBIAN-CVE-2016-1585 libapparmor1 3.0.8-3  Critical",
        "DEBIAN-CVE-2024-28085 libblkid1 2.38.1-5+b1 2.38.1-5+deb12u1 Unknown",
        "DEBIAN-CVE-2023-4911 libc-bin 2.36-9+deb12u1 2.36-9+deb12u3 High",
        "DSA-5514-1 libc-bin 2.36-9+deb12u1 2.36-9+deb12u3 Unknown",
        "DEBIAN-CVE-2023-4911 libc6 2.36-9+deb12u1 2.36-9+deb12u3 High",
        "DSA-5514-1 libc6 2.36-9+deb12u1 2.36-9+deb12u3 Unknown",
        "DEBIAN-CVE-2023-38545 libcurl4 7.88.1-10+deb12u1 7.88.1-10+deb12u4 Critical",
        "DEBIAN-CVE-2024-28085 libmount1 2.38.1-5+b1 2.38.1-5+deb12u1 Unknown",
        "DEBIAN-CVE-2024-28085 libsmartcols1 2.38.1-5+b1 2.38.1-5+deb12u1 Unknown",
        "DEBIAN-CVE-2024-28085 libuuid1 2.38.1-5+b1 2.38.1-5+deb12u1 Unknown",
        "DEBIAN-CVE-2024-28085 mount 2.38.1-5+b1 2.38.1-5+deb12u1 Unknown",
        "DEBIAN-CVE-2024-28085 util-linux 2.38.1-5+b1 2.38.1-5+deb12u1 Unknown",
    ];

    /// <summary>EXPECTED.md §2.</summary>
    private static readonly string[] AlpineNode =
    [
        "ALPINE-CVE-2018-25032 zlib 1.2.11-r1 1.2.11-r4 High",
        "ALPINE-CVE-2022-37434 zlib 1.2.11-r1 1.2.12-r2 Critical",
        "GHSA-6c3j-c64m-qhgq jquery 2.2.4 3.4.0 Medium",
        "GHSA-mhpp-875w-9cpv jquery 2.2.4 3.0.0 Unknown",
        "GHSA-jf85-cpcp-j695 lodash 4.17.11 4.17.12 Critical",
        "GHSA-fhjf-83wg-r2j9 mixin-deep 2.0.0 2.0.1 Unknown",
    ];

    /// <summary>EXPECTED.md §3.</summary>
    private static readonly string[] DistrolessPython =
    [
        "DEBIAN-CVE-2023-5678 libssl3 3.0.9-1 3.0.13-1~deb12u1 Medium",
        "MAL-2024-10238 123bla 0.0.1  Unknown",
        "GHSA-p44j-xrqg-4xrr Products.PluggableAuthService 2.6.0 2.6.1 Unknown",
        "GHSA-9v2f-6vcg-3hgv gradio 4.36.1  Critical",
        "GHSA-77rm-9x9h-xj3g protobuf 3.15.0rc2 3.15.0 High",
        "PYSEC-2023-74 requests 2.30.0 2.31.0 Unknown",
    ];

    /// <summary>
    /// EXPECTED.md §4, sbom/fixture-polyglot.cdx.json: (id, package as its ecosystem names it, installed version, fixed
    /// version, Harbor severity), then the component's purl (EXPECTED's package column) from the vendor attributes.
    /// </summary>
    private static readonly string[] PolyglotCycloneDx =
    [
        "GHSA-r9p9-mrjm-926w elliptic 6.5.3 6.5.4 Medium pkg:npm/elliptic@6.5.3",
        "GHSA-9v2f-6vcg-3hgv gradio 4.36.1  Critical pkg:pypi/gradio@4.36.1",
        "GHSA-2qrg-x229-3v8q log4j:log4j 1.2.17  Critical pkg:maven/log4j/log4j@1.2.17",
        "GHSA-65fg-84f6-3jq3 log4j:log4j 1.2.17  Critical pkg:maven/log4j/log4j@1.2.17",
        "GHSA-599f-7c49-w659 org.apache.commons:commons-text 1.9 1.10.0 Critical pkg:maven/org.apache.commons/commons-text@1.9",
        "GHSA-5crp-9r3c-p9vr Newtonsoft.Json 12.0.3 13.0.1 Low pkg:nuget/Newtonsoft.Json@12.0.3",
        "RUSTSEC-2020-0071 time 0.2.22 0.2.23 Medium pkg:cargo/time@0.2.22",
        "GO-2020-0001 github.com/gin-gonic/gin v1.5.0 1.6.0 Unknown pkg:golang/github.com/gin-gonic/gin@v1.5.0",
        "GO-2024-2963 stdlib 1.22.4 1.22.5 Unknown pkg:golang/stdlib@1.22.4",
        "ALPINE-CVE-2022-37434 zlib 1.2.12-r1 1.2.12-r2 Critical pkg:apk/alpine/zlib@1.2.12-r1?arch=x86_64&distro=3.18.4",
    ];

    [Fact]
    public async Task Fixture_images_pushed_with_skopeo_into_an_auto_scan_project_report_exactly_the_expected_findings_then_prevention_blocks_until_allowlisted()
    {
        var images = SharedFixtures.Path("scanning/images");
        var server = await registry.StartAsync(SharedFixtures.Path("scanning/osv"));
        using var http = new RegistryHttpClient(server);
        var project = "scan" + Guid.NewGuid().ToString("N")[..10];
        await CreateProjectAsync(http.Http, project, new JsonObject { ["auto_scan"] = "true" });

        foreach (var (image, expected, severity) in new[]
                 {
                     ("debian-whiteout", DebianWhiteout, "Critical"),
                     ("alpine-node", AlpineNode, "Critical"),
                     ("distroless-python", DistrolessPython, "Critical"),
                 })
        {
            await Cli.RunAsync("skopeo",
                ["copy", "--dest-tls-verify=false", "--dest-creds", server.AdminCredentials,
                 "oci:" + Path.Combine(images, image) + ":" + image, "docker://" + server.HostPort + "/" + project + "/" + image + ":1"], Ct);

            // Nobody asked for a scan: auto_scan did.
            var overview = await WaitForScanAsync(http.Http, project, image, "1");
            Assert.Equal(severity, (string?)overview["severity"]);
            Assert.Equal(expected.Length, (int?)overview["summary"]!["total"]);

            var rows = await FindingRowsAsync(http.Http, project, image, "1");
            Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        }

        // Prevention at "high": the Critical and High findings of debian-whiteout keep it from being pulled.
        var reference = "docker://" + server.HostPort + "/" + project + "/debian-whiteout:1";
        await UpdateProjectAsync(http.Http, project, new JsonObject
        {
            ["metadata"] = new JsonObject { ["prevent_vul"] = "true", ["severity"] = "high", ["reuse_sys_cve_allowlist"] = "false" },
        });
        var refused = await Cli.TryRunAsync("skopeo",
            ["inspect", "--raw", "--tls-verify=false", "--creds", server.AdminCredentials, reference], Ct);
        Assert.True(refused.ExitCode != 0, "a pull of a vulnerable image should be refused:\n" + refused.Describe());
        using (var response = await http.GetAsync($"v2/{project}/debian-whiteout/manifests/1", Ct, OciMediaTypes.ImageManifest))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync(Ct);
            // The worst: Critical, CVSS 9.8, and of the two such records the smaller id.
            Assert.Contains("DEBIAN-CVE-2016-1585 (CVE-2016-1585) (Critical)", body, StringComparison.Ordinal);
        }

        // The project allowlists the three CVEs behind its Critical and High findings, named as upstream CVE ids.
        await UpdateProjectAsync(http.Http, project, new JsonObject
        {
            ["cve_allowlist"] = new JsonObject
            {
                ["items"] = new JsonArray(
                    new JsonObject { ["cve_id"] = "CVE-2023-38545" },
                    new JsonObject { ["cve_id"] = "CVE-2016-1585" },
                    new JsonObject { ["cve_id"] = "CVE-2023-4911" }),
            },
        });
        var allowed = await Cli.TryRunAsync("skopeo",
            ["inspect", "--raw", "--tls-verify=false", "--creds", server.AdminCredentials, reference], Ct);
        Assert.True(allowed.ExitCode == 0, "the allowlisted image should pull:\n" + allowed.Describe());
        using (var response = await http.GetAsync($"v2/{project}/debian-whiteout/manifests/1", Ct, OciMediaTypes.ImageManifest))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Still reported, now acknowledged: DSA-5514-1 too, whose upstream ids name CVE-2023-4911.
        var report = await VulnerabilitiesAsync(http.Http, project, "debian-whiteout", "1");
        var acknowledged = report["vulnerabilities"]!.AsArray()
            .Where(v => (bool?)v!["acknowledged"] == true)
            .Select(v => (string)v!["id"]!)
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(["DEBIAN-CVE-2016-1585", "DEBIAN-CVE-2023-38545", "DEBIAN-CVE-2023-4911", "DSA-5514-1"], acknowledged);
    }

    [Fact]
    public async Task A_CycloneDX_SBOM_pushed_as_an_OCI_artifact_and_scanned_on_request_reports_the_expected_findings()
    {
        var sbom = SharedFixtures.Bytes("scanning/sbom/fixture-polyglot.cdx.json");
        var server = await registry.StartAsync(SharedFixtures.Path("scanning/osv"));
        using var http = new RegistryHttpClient(server);
        var project = "sbom" + Guid.NewGuid().ToString("N")[..10];
        await CreateProjectAsync(http.Http, project, new JsonObject());
        const string repository = "polyglot";

        var config = OciBlob.Of("application/vnd.oci.empty.v1+json", "{}"u8.ToArray());
        var document = OciBlob.Of("application/vnd.cyclonedx+json", sbom);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["artifactType"] = "application/vnd.cyclonedx+json",
            ["config"] = config.Descriptor.ToJson(),
            ["layers"] = new JsonArray(document.Descriptor.ToJson()),
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        await http.PushBlobAsync($"{project}/{repository}", config, Ct);
        await http.PushBlobAsync($"{project}/{repository}", document, Ct);
        (await http.PutManifestAsync($"{project}/{repository}", "sbom", OciBlob.Of(OciMediaTypes.ImageManifest, manifestBytes), Ct)).Dispose();

        using (var scan = await http.Http.PostAsync(new Uri(Artifact(project, repository, "sbom") + "/scan", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, scan.StatusCode);
        }

        var overview = await WaitForScanAsync(http.Http, project, repository, "sbom");
        Assert.Equal("Critical", (string?)overview["severity"]);
        Assert.Equal(PolyglotCycloneDx.Length, (int?)overview["summary"]!["total"]);
        var rows = await FindingRowsAsync(http.Http, project, repository, "sbom", withPurl: true);
        Assert.Equal(PolyglotCycloneDx.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// EXPECTED.md §4, the other three SBOMs: (id, installed version, fixed version, Harbor severity, purl as the document
    /// gives it, which is EXPECTED's package column).
    /// </summary>
    public static TheoryData<string, string, bool, string[]> OtherSboms => new()
    {
        {
            "trivy-fluentd-multiple-lockfiles.cdx.json", "application/vnd.cyclonedx+json", false,
            [
                "DEBIAN-CVE-2019-18276 5.0-4  High pkg:deb/debian/bash@5.0-4?distro=debian-10.2",
                "DEBIAN-CVE-2019-18224 2.0.5-1 2.0.5-1+deb10u1 Critical pkg:deb/debian/libidn2-0@2.0.5-1?distro=debian-10.2",
                "DSA-4613-1 2.0.5-1 2.0.5-1+deb10u1 Unknown pkg:deb/debian/libidn2-0@2.0.5-1?distro=debian-10.2",
            ]
        },
        {
            // Attached to an image (a subject), as an SBOM accessory is.
            "fixture-polyglot.spdx.json", "application/spdx+json", true,
            [
                "DEBIAN-CVE-2023-38545 7.88.1-10+deb12u1 7.88.1-10+deb12u4 Critical pkg:deb/debian/curl@7.88.1-10%2Bdeb12u1?arch=amd64&distro=debian-12",
                "DEBIAN-CVE-2023-4911 2.36-9+deb12u2 2.36-9+deb12u3 High pkg:deb/debian/libc6@2.36-9%2Bdeb12u2?arch=amd64&distro=debian-12&source=glibc",
                "DSA-5514-1 2.36-9+deb12u2 2.36-9+deb12u3 Unknown pkg:deb/debian/libc6@2.36-9%2Bdeb12u2?arch=amd64&distro=debian-12&source=glibc",
                "DEBIAN-CVE-2023-5678 3.0.11-1~deb12u2 3.0.13-1~deb12u1 Medium pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
                "PYSEC-2023-74 2.30.0 2.31.0 Unknown pkg:pypi/requests@2.30.0",
                "GHSA-p44j-xrqg-4xrr 2.6.0 2.6.1 Unknown pkg:pypi/products.pluggableauthservice@2.6.0",
                "GHSA-5crp-9r3c-p9vr 12.0.1 13.0.1 Low pkg:nuget/newtonsoft.json@12.0.1",
                "GHSA-8xfc-gm6g-vgpv 1.8.9  Medium pkg:nuget/BouncyCastle@1.8.9",
                "RUSTSEC-2019-0033 0.1.19 0.1.20 Unknown pkg:cargo/http@0.1.19",
                "GO-2022-1144 v0.3.0 0.4.0 Unknown pkg:golang/golang.org/x/net@v0.3.0",
                "GHSA-fhjf-83wg-r2j9 2.0.0 2.0.1 Unknown pkg:npm/mixin-deep@2.0.0",
            ]
        },
        { "osv-scanner-only-unimportant.spdx.json", "application/spdx+json", false, [] },
    };

    [Theory]
    [MemberData(nameof(OtherSboms))]
    public async Task The_other_SBOMs_pushed_as_OCI_artifacts_and_scanned_on_request_report_the_expected_findings(
        string file, string mediaType, bool attached, string[] expected)
    {
        var sbom = SharedFixtures.Bytes("scanning/sbom/" + file);
        var server = await registry.StartAsync(SharedFixtures.Path("scanning/osv"));
        using var http = new RegistryHttpClient(server);
        var project = "sbom" + Guid.NewGuid().ToString("N")[..10];
        await CreateProjectAsync(http.Http, project, new JsonObject());
        const string repository = "app";

        var config = OciBlob.Of("application/vnd.oci.empty.v1+json", "{}"u8.ToArray());
        var document = OciBlob.Of(mediaType, sbom);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciMediaTypes.ImageManifest,
            ["artifactType"] = mediaType,
            ["config"] = config.Descriptor.ToJson(),
            ["layers"] = new JsonArray(document.Descriptor.ToJson()),
        };
        if (attached)
        {
            var image = TestImage.Create();
            await http.PushImageAsync($"{project}/{repository}", "image", image, Ct);
            manifest["subject"] = image.Manifest.Descriptor.ToJson();
        }

        var manifestBlob = OciBlob.Of(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        await http.PushBlobAsync($"{project}/{repository}", config, Ct);
        await http.PushBlobAsync($"{project}/{repository}", document, Ct);
        (await http.PutManifestAsync($"{project}/{repository}", manifestBlob.Descriptor.Digest, manifestBlob, Ct)).Dispose();

        var reference = manifestBlob.Descriptor.Digest;
        using (var scan = await http.Http.PostAsync(new Uri(Artifact(project, repository, reference) + "/scan", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, scan.StatusCode);
        }

        var overview = await WaitForScanAsync(http.Http, project, repository, reference);
        Assert.Equal(expected.Length, (int?)overview["summary"]!["total"]);
        var report = await VulnerabilitiesAsync(http.Http, project, repository, reference);
        var rows = report["vulnerabilities"]!.AsArray()
            .Select(v => $"{(string?)v!["id"]} {(string?)v["version"]} {(string?)v["fix_version"]} {(string?)v["severity"]} {(string?)v["vendor_attributes"]?["purl"]}")
            .ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    private static string Artifact(string project, string repository, string reference) =>
        $"api/v2.0/projects/{project}/repositories/{Uri.EscapeDataString(repository)}/artifacts/{reference}";

    private static async Task CreateProjectAsync(HttpClient http, string project, JsonObject metadata)
    {
        var body = new JsonObject { ["project_name"] = project, ["metadata"] = metadata };
        using var response = await http.PostAsJsonAsync(new Uri("api/v2.0/projects", UriKind.Relative), body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task UpdateProjectAsync(HttpClient http, string project, JsonObject body)
    {
        using var response = await http.PutAsJsonAsync(new Uri($"api/v2.0/projects/{project}", UriKind.Relative), body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Polls the artifact's <c>scan_overview</c> until its scan finished; fails on Error or after the deadline.</summary>
    private static async Task<JsonNode> WaitForScanAsync(HttpClient http, string project, string repository, string reference)
    {
        var uri = new Uri(Artifact(project, repository, reference) + "?with_scan_overview=true", UriKind.Relative);
        var deadline = DateTimeOffset.UtcNow + ScanDeadline;
        string? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var response = await http.GetAsync(uri, Ct);
            last = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, last);
            if (JsonNode.Parse(last)!["scan_overview"]?[ReportMimeType] is { } overview)
            {
                var status = (string?)overview["scan_status"];
                Assert.NotEqual("Error", status);
                if (status == "Success")
                {
                    return overview;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), Ct);
        }

        Assert.Fail($"the scan of {project}/{repository}:{reference} did not finish; last artifact:\n{last}");
        return null!;
    }

    private static async Task<JsonNode> VulnerabilitiesAsync(HttpClient http, string project, string repository, string reference)
    {
        using var response = await http.GetAsync(new Uri(Artifact(project, repository, reference) + "/additions/vulnerabilities", UriKind.Relative), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)![ReportMimeType] ?? throw new InvalidOperationException("no report in " + text);
    }

    /// <summary>"id package version fix_version severity" per reported vulnerability, then its purl when asked.</summary>
    private static async Task<List<string>> FindingRowsAsync(
        HttpClient http, string project, string repository, string reference, bool withPurl = false)
    {
        var report = await VulnerabilitiesAsync(http, project, repository, reference);
        return report["vulnerabilities"]!.AsArray()
            .Select(v => $"{(string?)v!["id"]} {(string?)v["package"]} {(string?)v["version"]} {(string?)v["fix_version"]} {(string?)v["severity"]}" +
                         (withPurl ? " " + (string?)v["vendor_attributes"]?["purl"] : string.Empty))
            .ToList();
    }
}
