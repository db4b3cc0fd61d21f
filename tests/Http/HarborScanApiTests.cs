using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;
using static ArtifactKeeper.Tests.Http.Support.ScanningRegistryFactory;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's scan API against the built-in scanner and a one-record OSV database: scan (202), the scan overview on the
/// artifact and in listings, the vulnerabilities addition, the scan log, scan on push, and the refusals (404, 400, 401, 403).
/// </summary>
public sealed class HarborScanApiTests(ScanningRegistryFactory factory) : IClassFixture<ScanningRegistryFactory>
{
    private static async Task<(string Project, string Repository)> NewProjectAsync(RegistryClient admin, bool autoScan = false)
    {
        var project = HarborProjects.NewName("scan");
        using var created = await HarborProjects.CreateAsync(admin, new { project_name = project, metadata = new { @public = "false", auto_scan = autoScan ? "true" : "false" } });
        Status(created, HttpStatusCode.Created);
        return (project, project + "/app");
    }

    private static async Task<HttpResponseMessage> ScanAsync(RegistryClient client, string project, string reference, string? body = null) =>
        await client.SendAsync(HttpMethod.Post, ArtifactPath(project, "app", reference) + "/scan", body is null ? null : Json(body));

    [Fact]
    public async Task Scan_answers_202_and_the_overview_report_and_log_show_the_finding_in_Harbors_shapes()
    {
        using var admin = factory.Admin();
        var (project, repository) = await NewProjectAsync(admin);
        var digest = await PushDebianAsync(admin, repository, "v1");
        var unscanned = await PushDebianAsync(admin, repository, "v2");

        using (var response = await ScanAsync(admin, project, "v1", """{"scan_type":"vulnerability"}"""))
        {
            Status(response, HttpStatusCode.Accepted);
        }

        var overview = await FinishedOverviewAsync(admin, project, "app", "v1");
        Assert.Equal("Success", overview["scan_status"]!.GetValue<string>());
        Assert.Equal("Critical", overview["severity"]!.GetValue<string>());
        Assert.Equal(100, overview["complete_percent"]!.GetValue<int>());
        Assert.Equal("ArtifactKeeper", overview["scanner"]!["name"]!.GetValue<string>());
        Assert.Equal("""{"total":1,"fixable":1,"summary":{"Critical":1}}""", overview["summary"]!.ToJsonString());
        var reportId = overview["report_id"]!.GetValue<string>();

        // The listing reads overviews for the whole page; a never-scanned artifact has none, and without the flag none shows.
        var listed = (await HarborArtifacts.GetJsonAsync(admin, $"/api/v2.0/projects/{project}/repositories/app/artifacts?with_scan_overview=true")).AsArray();
        Assert.Equal(reportId, listed.Single(a => a!["digest"]!.GetValue<string>() == digest)!["scan_overview"]![ReportMimeType]!["report_id"]!.GetValue<string>());
        Assert.Null(listed.Single(a => a!["digest"]!.GetValue<string>() == unscanned)!["scan_overview"]);
        var plain = (await HarborArtifacts.GetJsonAsync(admin, $"/api/v2.0/projects/{project}/repositories/app/artifacts")).AsArray();
        Assert.All(plain, a => Assert.Null(a!["scan_overview"]));

        var additions = await HarborArtifacts.GetJsonAsync(admin, ArtifactPath(project, "app", "v1") + "/additions/vulnerabilities");
        var report = additions[ReportMimeType]!;
        Assert.Equal(digest, report["artifact"]!["digest"]!.GetValue<string>());
        Assert.Equal("Critical", report["severity"]!.GetValue<string>());
        var finding = Assert.Single(report["vulnerabilities"]!.AsArray())!;
        Assert.Equal(CurlAdvisory, finding["id"]!.GetValue<string>());
        Assert.Equal("curl", finding["package"]!.GetValue<string>());
        Assert.Equal("7.88.1-10+deb12u1", finding["version"]!.GetValue<string>());
        Assert.Equal("7.88.1-10+deb12u4", finding["fix_version"]!.GetValue<string>());
        Assert.Equal("Critical", finding["severity"]!.GetValue<string>());
        Assert.Equal(9.8, finding["preferred_cvss"]!["score_v3"]!.GetValue<double>());
        Assert.Contains("https://security-tracker.debian.org/tracker/CVE-2023-38545", finding["links"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.NotNull(finding["cwe_ids"]);
        Assert.NotNull(finding["vendor_attributes"]);

        var noReport = await HarborArtifacts.GetJsonAsync(admin, ArtifactPath(project, "app", "v2") + "/additions/vulnerabilities");
        Assert.Empty(noReport.AsObject());

        using var log = await admin.GetAsync(ArtifactPath(project, "app", "v1") + $"/scan/{reportId}/log");
        Status(log, HttpStatusCode.OK);
        Assert.StartsWith("text/plain", log.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var text = await log.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("requested by admin", text, StringComparison.Ordinal);
        Assert.Contains("1 findings", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_scan_requests_answer_Harbors_errors_and_start_nothing()
    {
        using var admin = factory.Admin();
        var (project, repository) = await NewProjectAsync(admin);
        await PushDebianAsync(admin, repository, "v1");
        var chart = await HarborArtifacts.PushChartAsync(admin, repository, "chart", new Dictionary<string, string> { ["values.yaml"] = "a: 1\n" });

        using (var unknown = await ScanAsync(admin, project, "nope"))
        {
            Status(unknown, HttpStatusCode.NotFound);
        }

        using (var sbom = await ScanAsync(admin, project, "v1", """{"scan_type":"sbom"}"""))
        {
            Status(sbom, HttpStatusCode.BadRequest);
        }

        using (var malformed = await ScanAsync(admin, project, "v1", "{\"scan_type\":"))
        {
            Status(malformed, HttpStatusCode.BadRequest);
        }

        using (var notScannable = await ScanAsync(admin, project, chart))
        {
            Status(notScannable, HttpStatusCode.BadRequest);
        }

        using (var noLog = await admin.GetAsync(ArtifactPath(project, "app", "v1") + $"/scan/{Guid.NewGuid()}/log"))
        {
            Status(noLog, HttpStatusCode.NotFound);
        }

        var artifact = await HarborArtifacts.GetJsonAsync(admin, ArtifactPath(project, "app", "v1") + "?with_scan_overview=true");
        Assert.Null(artifact["scan_overview"]);
    }

    [Fact]
    public async Task Scanning_needs_the_scan_create_right_of_a_maintainer_or_project_admin()
    {
        using var admin = factory.Admin();
        var (project, repository) = await NewProjectAsync(admin);
        await PushDebianAsync(admin, repository, "v1");
        var developerName = "dev" + Guid.NewGuid().ToString("N")[..10];
        using var developer = await factory.NewUserAsync(developerName);
        await HarborMembers.AddUserAsync(admin, project, developerName, 2);
        var maintainerName = "mnt" + Guid.NewGuid().ToString("N")[..10];
        using var maintainer = await factory.NewUserAsync(maintainerName);
        await HarborMembers.AddUserAsync(admin, project, maintainerName, 4);

        using (var anonymous = factory.Anonymous())
        using (var refused = await ScanAsync(anonymous, project, "v1"))
        {
            Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.NotFound });
        }

        using (var forbidden = await ScanAsync(developer, project, "v1"))
        {
            Status(forbidden, HttpStatusCode.Forbidden);
        }

        Assert.Null((await HarborArtifacts.GetJsonAsync(admin, ArtifactPath(project, "app", "v1") + "?with_scan_overview=true"))["scan_overview"]);

        using (var accepted = await ScanAsync(maintainer, project, "v1"))
        {
            Status(accepted, HttpStatusCode.Accepted);
        }

        Assert.Equal("Success", (await FinishedOverviewAsync(developer, project, "app", "v1"))["scan_status"]!.GetValue<string>());
        using var stop = await developer.SendAsync(HttpMethod.Post, ArtifactPath(project, "app", "v1") + "/scan/stop");
        Status(stop, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_project_with_auto_scan_scans_every_pushed_image()
    {
        using var admin = factory.Admin();
        var (project, repository) = await NewProjectAsync(admin, autoScan: true);

        await PushDebianAsync(admin, repository, "latest");

        var overview = await FinishedOverviewAsync(admin, project, "app", "latest");
        Assert.Equal("Success", overview["scan_status"]!.GetValue<string>());
        Assert.Equal(1, overview["summary"]!["total"]!.GetValue<int>());
    }
}
