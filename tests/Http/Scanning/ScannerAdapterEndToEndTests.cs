using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Access.Robots;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Scanning.External;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Scanning;

/// <summary>
/// Our adapter client against our adapter server, end to end on loopback: the client creates a scan robot, posts the
/// scan, polls through 302 + Refresh-After; the server pulls the artifact from this registry with that robot and
/// scans it; the robot is gone afterwards. Plus the server's refusals and the fallback when an adapter is down.
/// </summary>
public sealed class ScannerAdapterEndToEndTests(AdapterRegistryFactory factory) : IClassFixture<AdapterRegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Adapter(string? key = AdapterRegistryFactory.ApiKey)
    {
        var http = new HttpClient { BaseAddress = factory.BaseUrl };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    private IVulnerabilityScanner ClientFor(Uri adapterUrl, string auth = "Bearer", string? credential = AdapterRegistryFactory.ApiKey) =>
        factory.Services.GetRequiredService<ExternalScanners>().Create(
            new ScannerRegistrationRecord(
                Guid.NewGuid().ToString(), "ours", string.Empty, adapterUrl.AbsoluteUri, false, false, auth, string.Empty, false, false, false,
                DateTimeOffset.UtcNow, DateTimeOffset.UtcNow),
            credential);

    private async Task<PushedImage> PushPrivateImageAsync()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("scan");
        await HarborProjects.CreateAsync(admin, project, isPublic: false);
        return await admin.PushImageAsync(project + "/app", "v1");
    }

    [Fact]
    public async Task Scan_through_our_adapter_polls_pulls_with_a_scan_robot_and_deletes_it()
    {
        var image = await PushPrivateImageAsync();
        var redirectsBefore = factory.ReportRedirects;
        var scanner = ClientFor(factory.BaseUrl);

        var report = await scanner.ScanAsync(new ScanSubject(image.Repository, image.Digest, image.MediaType), Ct);

        var finding = Assert.Single(report.Vulnerabilities);
        Assert.Equal(("TEST-1", image.LayerDigest, VulnerabilitySeverity.High), (finding.Id, finding.Version, finding.Severity));
        Assert.Equal(["CWE-1"], finding.CweIds);
        Assert.Equal(9.1, finding.PreferredCvss!.BaseScore);
        Assert.Equal(image.Digest, report.ArtifactDigest);
        Assert.Equal(new ScannerIdentity("TestEngine", "ArtifactKeeper tests", "1.0"), report.Scanner);
        Assert.Equal("test-db-1", report.DatabaseVersion);
        Assert.True(factory.ReportRedirects > redirectsBefore, "the report endpoint never answered 302 while the scan ran");

        var project = image.Repository.Split('/')[0];
        var robot = factory.PullUsers.LastOrDefault(u => u.StartsWith($"robot${project}+scanner-", StringComparison.Ordinal));
        Assert.NotNull(robot);
        Assert.True(RobotNames.TryParseUsername(robot, out var stored));
        Assert.Null(await factory.Services.GetRequiredService<IRobotMetadata>().FindRobotIdAsync(stored!, Ct));
    }

    [Fact]
    public async Task Scan_of_a_missing_artifact_fails_and_still_deletes_the_robot()
    {
        var image = await PushPrivateImageAsync();
        var missing = "sha256:" + new string('0', 64);
        var scanner = ClientFor(factory.BaseUrl);

        var error = await Assert.ThrowsAsync<ScanFailedException>(() => scanner.ScanAsync(new ScanSubject(image.Repository, missing, image.MediaType), Ct));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        var project = image.Repository.Split('/')[0];
        var robots = factory.PullUsers.Where(u => u.StartsWith($"robot${project}+scanner-", StringComparison.Ordinal)).Distinct().ToList();
        Assert.NotEmpty(robots);
        foreach (var robot in robots)
        {
            Assert.True(RobotNames.TryParseUsername(robot, out var stored));
            Assert.Null(await factory.Services.GetRequiredService<IRobotMetadata>().FindRobotIdAsync(stored!, Ct));
        }
    }

    [Fact]
    public async Task Metadata_names_the_engine_and_both_report_types()
    {
        using var http = Adapter();
        using var response = await http.GetAsync(new Uri("/api/v1/metadata", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AdapterMimeTypes.Metadata, response.Content.Headers.ContentType!.ToString());
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("TestEngine", (string?)json["scanner"]!["name"]);
        var capability = json["capabilities"]![0]!;
        Assert.Equal("vulnerability", (string?)capability["type"]);
        Assert.Equal(
            [AdapterMimeTypes.VulnerabilityReportV11, AdapterMimeTypes.HarborReportV10],
            capability["produces_mime_types"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("test-db-1", (string?)json["properties"]![HarborAdapterScanner.DatabaseVersionProperty]);
    }

    [Fact]
    public async Task Adapter_calls_without_the_api_key_answer_401()
    {
        using var anonymous = Adapter(key: null);
        using var wrong = Adapter("not-the-key");

        using var first = await anonymous.GetAsync(new Uri("/api/v1/metadata", UriKind.Relative), Ct);
        using var second = await wrong.PostAsync(new Uri("/api/v1/scan", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal("missing or invalid API key", (string?)JsonNode.Parse(await first.Content.ReadAsStringAsync(Ct))!["error"]!["message"]);
    }

    [Fact]
    public async Task Api_key_header_of_harbor_is_accepted()
    {
        using var http = Adapter(key: null);
        http.DefaultRequestHeaders.Add(AdapterEndpoint.ApiKeyHeader, AdapterRegistryFactory.ApiKey);

        using var response = await http.GetAsync(new Uri("/api/v1/metadata", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{}", 422, "missing registry.url")]
    [InlineData("""{"registry":{"url":"ftp://x"},"artifact":{"repository":"a/b","digest":"sha256:ab"}}""", 422, "invalid registry.url")]
    [InlineData("""{"registry":{"url":"http://x"},"artifact":{"digest":"sha256:ab"}}""", 422, "missing artifact.repository")]
    [InlineData("""{"registry":{"url":"http://x"},"artifact":{"repository":"a/b"}}""", 422, "missing artifact.digest")]
    [InlineData("""{"registry":{"url":"http://x"},"artifact":{"repository":"a/b","digest":"sha256:ab"},"enabled_capabilities":[{"type":"sbom"}]}""", 422, "unsupported capability: sbom")]
    [InlineData("{not json", 400, "invalid JSON")]
    [InlineData("""{"registry":"text"}""", 400, "invalid JSON")]
    public async Task Bad_scan_requests_are_refused_with_the_adapter_error(string body, int status, string message)
    {
        using var http = Adapter();
        using var response = await http.PostAsync(
            new Uri("/api/v1/scan", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/vnd.scanner.adapter.scan.request+json"), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(AdapterMimeTypes.Error, response.Content.Headers.ContentType!.ToString());
        Assert.StartsWith(message, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_of_an_unknown_id_answers_404()
    {
        using var http = Adapter();
        using var response = await http.GetAsync(new Uri("/api/v1/scan/no-such-id/report", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!["message"]);
    }

    [Fact]
    public async Task Report_in_the_v10_type_leaves_out_the_v11_fields()
    {
        var image = await PushPrivateImageAsync();
        var robot = await factory.Services.GetRequiredService<ScanRobotIssuer>().IssueAsync(image.Repository, Ct);
        using var http = Adapter();
        var request = new JsonObject
        {
            ["registry"] = new JsonObject { ["url"] = factory.BaseUrl.AbsoluteUri, ["authorization"] = robot.BasicAuthorization },
            ["artifact"] = new JsonObject { ["repository"] = image.Repository, ["digest"] = image.Digest },
        };
        using var accepted = await http.PostAsync(new Uri("/api/v1/scan", UriKind.Relative), new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (string?)JsonNode.Parse(await accepted.Content.ReadAsStringAsync(Ct))!["id"];

        HttpResponseMessage report;
        while (true)
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/scan/{id}/report");
            poll.Headers.TryAddWithoutValidation("Accept", AdapterMimeTypes.HarborReportV10);
            report = await http.SendAsync(poll, Ct);
            if (report.StatusCode != HttpStatusCode.Found)
            {
                break;
            }

            Assert.Equal("1", report.Headers.GetValues("Refresh-After").Single());
            report.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        }

        using (report)
        {
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            Assert.Equal(AdapterMimeTypes.HarborReportV10, report.Content.Headers.ContentType!.ToString());
            var json = JsonNode.Parse(await report.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal("High", (string?)json["severity"]);
            var item = json["vulnerabilities"]![0]!.AsObject();
            Assert.Equal("High", (string?)item["severity"]);
            Assert.False(item.ContainsKey("cwe_ids"));
            Assert.False(item.ContainsKey("preferred_cvss"));
        }

        await factory.Services.GetRequiredService<ScanRobotIssuer>().RevokeAsync(robot);
    }

    [Fact]
    public async Task Adapter_that_is_down_is_unavailable_and_the_resolver_falls_back_to_the_built_in_scanner()
    {
        var image = await PushPrivateImageAsync();
        var down = new Uri($"http://127.0.0.1:{ClosedPort()}/");

        await Assert.ThrowsAsync<ScannerUnavailableException>(() => ClientFor(down).ScanAsync(new ScanSubject(image.Repository, image.Digest, image.MediaType), Ct));

        var store = factory.Services.GetRequiredService<IScannerRegistrationMetadata>();
        var uuid = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(
            ScannerRegistrationChange.Changed,
            await store.TryCreateScannerRegistrationAsync(
                new ScannerRegistrationRecord(uuid, "down-" + uuid[..8], string.Empty, down.AbsoluteUri, false, false, string.Empty, string.Empty, false, false, false, now, now),
                Ct));
        var scanner = await factory.Services.GetRequiredService<IScannerResolver>().ResolveAsync(image.Repository.Split('/')[0], uuid, Ct);

        var report = await scanner.ScanAsync(new ScanSubject(image.Repository, image.Digest, image.MediaType), Ct);

        Assert.Equal("BUILTIN-1", Assert.Single(report.Vulnerabilities).Id);
        Assert.Contains(factory.Logs.Events, e => e.Message.Contains("unavailable", StringComparison.Ordinal) && e.Message.Contains("built-in scanner instead", StringComparison.Ordinal));
        Assert.Equal(ScannerRegistrationChange.Changed, await store.TryDeleteScannerRegistrationAsync(uuid, Ct));
    }

    [Fact]
    public async Task Trivy_cli_registration_runs_the_binary_with_a_scan_robot_and_parses_its_report()
    {
        var image = await PushPrivateImageAsync();
        var folder = Directory.CreateTempSubdirectory("ak-trivy-");
        try
        {
            var report = Path.Combine(folder.FullName, "report.json");
            await File.WriteAllTextAsync(
                report,
                """{"SchemaVersion":2,"Trivy":{"Version":"0.99.0"},"Results":[{"Target":"x","Class":"os-pkgs","Type":"alpine","Vulnerabilities":[{"VulnerabilityID":"CVE-2019-1549","PkgName":"libssl1.1","InstalledVersion":"1.1.1c-r0","FixedVersion":"1.1.1d-r0","Severity":"MEDIUM"}]}]}""",
                Ct);
            var reference = $"{factory.BaseUrl.Authority}/{image.Repository}@{image.Digest}";
            var trivy = Path.Combine(folder.FullName, "trivy");
            await File.WriteAllTextAsync(
                trivy,
                $$"""
                #!/bin/sh
                [ "$1" = image ] && [ "$2" = --format ] && [ "$3" = json ] && [ "$4" = --quiet ] || { echo "bad arguments: $*" >&2; exit 2; }
                [ "$5" = "{{reference}}" ] || { echo "bad reference: $5" >&2; exit 3; }
                case "$TRIVY_USERNAME" in 'robot${{image.Repository.Split('/')[0]}}+scanner-'*) ;; *) echo "not a scan robot: $TRIVY_USERNAME" >&2; exit 4 ;; esac
                [ -n "$TRIVY_PASSWORD" ] && [ "$TRIVY_INSECURE" = true ] || { echo "missing password or insecure flag" >&2; exit 5; }
                code=$(curl -s -o /dev/null -w '%{http_code}' -u "$TRIVY_USERNAME:$TRIVY_PASSWORD" -H 'Accept: {{image.MediaType}}' "http://{{factory.BaseUrl.Authority}}/v2/{{image.Repository}}/manifests/{{image.Digest}}")
                [ "$code" = 200 ] || { echo "the robot cannot pull: $code" >&2; exit 6; }
                cat "{{report}}"
                """.Replace("\r", string.Empty, StringComparison.Ordinal),
                Ct);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(trivy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var scanner = ClientFor(new Uri("trivy+cli://" + trivy), auth: "", credential: null);

            var result = await scanner.ScanAsync(new ScanSubject(image.Repository, image.Digest, image.MediaType), Ct);

            var finding = Assert.Single(result.Vulnerabilities);
            Assert.Equal(("CVE-2019-1549", "libssl1.1", "1.1.1d-r0", VulnerabilitySeverity.Medium), (finding.Id, finding.Package, finding.FixVersion, finding.Severity));
            Assert.Equal(image.Digest, result.ArtifactDigest);
            Assert.Equal("0.99.0", result.Scanner.Version);

            File.WriteAllText(trivy, "#!/bin/sh\necho boom >&2\nexit 1\n");
            var failed = await Assert.ThrowsAsync<ScanFailedException>(() => scanner.ScanAsync(new ScanSubject(image.Repository, image.Digest, image.MediaType), Ct));
            Assert.Contains("boom", failed.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Trivy_cli_registration_with_a_server_runs_the_binary_as_its_client_with_the_token()
    {
        var image = await PushPrivateImageAsync();
        await using var server = await StandInTrivyServer.StartAsync("server-token-" + Guid.NewGuid().ToString("N")[..8]);
        var folder = Directory.CreateTempSubdirectory("ak-trivy-");
        try
        {
            var report = Path.Combine(folder.FullName, "report.json");
            await File.WriteAllTextAsync(
                report,
                """{"SchemaVersion":2,"Trivy":{"Version":"0.99.1"},"Results":[{"Target":"x","Class":"lang-pkgs","Type":"npm","Vulnerabilities":[{"VulnerabilityID":"CVE-2019-11358","PkgName":"jquery","InstalledVersion":"3.3.9","FixedVersion":"3.4.0","Severity":"MEDIUM"}]}]}""",
                Ct);
            var reference = $"{factory.BaseUrl.Authority}/{image.Repository}@{image.Digest}";
            var trivy = Path.Combine(folder.FullName, "trivy");

            // Trivy's client mode: the server is asked (here only its health, with the token), the image is read from
            // this registry with the scan robot, and the report is printed as without a server.
            await File.WriteAllTextAsync(
                trivy,
                $$"""
                #!/bin/sh
                [ "$1" = image ] && [ "$2" = --format ] && [ "$3" = json ] && [ "$4" = --quiet ] && [ "$5" = --server ] || { echo "bad arguments: $*" >&2; exit 2; }
                [ "$6" = "{{server.Url.AbsoluteUri}}" ] && [ "$7" = "{{reference}}" ] || { echo "bad server or reference: $6 $7" >&2; exit 3; }
                curl -fsS -o /dev/null -H "Trivy-Token: $TRIVY_TOKEN" "$6healthz" || { echo "the server refused" >&2; exit 4; }
                code=$(curl -s -o /dev/null -w '%{http_code}' -u "$TRIVY_USERNAME:$TRIVY_PASSWORD" -H 'Accept: {{image.MediaType}}' "http://{{factory.BaseUrl.Authority}}/v2/{{image.Repository}}/manifests/{{image.Digest}}")
                [ "$code" = 200 ] || { echo "the robot cannot pull: $code" >&2; exit 6; }
                cat "{{report}}"
                """.Replace("\r", string.Empty, StringComparison.Ordinal),
                Ct);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(trivy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var url = new Uri("trivy+cli://" + trivy + "?server=" + Uri.EscapeDataString(server.Url.AbsoluteUri));
            var scanner = ClientFor(url, auth: "Bearer", credential: server.Token);

            var result = await scanner.ScanAsync(new ScanSubject(image.Repository, image.Digest, image.MediaType), Ct);

            var finding = Assert.Single(result.Vulnerabilities);
            Assert.Equal(("CVE-2019-11358", "jquery", "3.4.0", VulnerabilitySeverity.Medium), (finding.Id, finding.Package, finding.FixVersion, finding.Severity));
            Assert.Equal(1, server.Served);

            // With another token the server refuses, and so does the scan.
            var wrongToken = ClientFor(url, auth: "Bearer", credential: "not-the-token");
            var failed = await Assert.ThrowsAsync<ScanFailedException>(() => wrongToken.ScanAsync(new ScanSubject(image.Repository, image.Digest, image.MediaType), Ct));
            Assert.Contains("the server refused", failed.Message, StringComparison.Ordinal);
            Assert.Equal(1, server.Served);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("trivy+cli:///usr/bin/trivy?server=ftp%3A%2F%2Fhost")]
    [InlineData("trivy+cli:///usr/bin/trivy?server=")]
    [InlineData("trivy+cli:///usr/bin/trivy?servr=http%3A%2F%2Fhost")]
    [InlineData("trivy+cli://host/usr/bin/trivy")]
    public async Task Trivy_registration_with_a_bad_server_or_path_is_400_and_creates_nothing(string url)
    {
        using var admin = factory.Admin();
        var name = "trivy-" + Guid.NewGuid().ToString("N")[..8];

        using var created = await admin.Http.PostAsJsonAsync(new Uri("api/v2.0/scanners", UriKind.Relative), new { name, url }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("url", await created.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var listed = await admin.Http.GetAsync(new Uri("api/v2.0/scanners", UriKind.Relative), Ct);
        Assert.DoesNotContain(name, await listed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trivy_cli_registration_with_a_missing_binary_is_unavailable()
    {
        var image = await PushPrivateImageAsync();
        var scanner = ClientFor(new Uri("trivy+cli:///nonexistent/bin/trivy"), auth: "", credential: null);

        await Assert.ThrowsAsync<ScannerUnavailableException>(() => scanner.ScanAsync(new ScanSubject(image.Repository, image.Digest, image.MediaType), Ct));
    }

    [Fact]
    public async Task Registration_api_pings_and_reads_the_metadata_of_our_adapter()
    {
        using var admin = factory.Admin();
        var url = factory.BaseUrl.AbsoluteUri.TrimEnd('/');

        using var ping = await admin.Http.PostAsJsonAsync("/api/v2.0/scanners/ping", new { name = "ours", url, auth = "Bearer", access_credential = AdapterRegistryFactory.ApiKey }, Ct);
        using var wrongKey = await admin.Http.PostAsJsonAsync("/api/v2.0/scanners/ping", new { name = "ours", url, auth = "Bearer", access_credential = "wrong" }, Ct);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongKey.StatusCode);

        using var created = await admin.Http.PostAsJsonAsync(
            "/api/v2.0/scanners", new { name = "ours-" + Guid.NewGuid().ToString("N")[..6], url = url + "/", auth = AdapterEndpoint.ApiKeyHeader, access_credential = AdapterRegistryFactory.ApiKey }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var metadata = await admin.GetAsync(created.Headers.Location + "/metadata");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        Assert.Equal("TestEngine", (string?)JsonNode.Parse(await metadata.Content.ReadAsStringAsync(Ct))!["scanner"]!["name"]);
        using var deleted = await admin.DeleteAsync(created.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
