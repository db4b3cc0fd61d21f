using System.Net;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;
using static ArtifactKeeper.Tests.Http.Support.ScanningRegistryFactory;

namespace ArtifactKeeper.Tests.Http.Scanning;

/// <summary>
/// A new OSV record written into the configured folder: the watcher reloads the database, and the stale-report rescanner
/// rescans the artifacts scanned before (and only those), so their reports carry the new version and the new finding.
/// </summary>
public sealed class DatabaseChangeRescanTests(ReloadingScanningRegistryFactory factory) : IClassFixture<ReloadingScanningRegistryFactory>
{
    private const string BashAdvisory = "DEBIAN-CVE-2022-3715";

    private const string BashRecord = """
        {
          "id": "DEBIAN-CVE-2022-3715",
          "modified": "2023-01-10T00:00:00Z",
          "aliases": ["CVE-2022-3715"],
          "summary": "bash heap buffer overflow in valid_parameter_transform",
          "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"}],
          "affected": [{
            "package": {"ecosystem": "Debian:12", "name": "bash"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "5.2.15-2+b3"}]}]
          }]
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reloaded_database_rescans_previously_scanned_artifacts_with_the_new_version_and_finding()
    {
        var database = factory.Services.GetRequiredService<IVulnerabilityDatabaseProvider>();
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        using var admin = factory.Admin();
        await UntilAsync(() => Task.FromResult(database.Current.RecordCount == 1), "the OSV database did not load");
        var project = HarborProjects.NewName("reload");
        using (var created = await HarborProjects.CreateAsync(admin, new { project_name = project }))
        {
            Status(created, HttpStatusCode.Created);
        }

        var scanned = await PushDebianAsync(admin, project + "/app", "scanned");
        var unscanned = await PushDebianAsync(admin, project + "/app", "unscanned");
        using (var scan = await admin.SendAsync(HttpMethod.Post, ArtifactPath(project, "app", "scanned") + "/scan", null))
        {
            Status(scan, HttpStatusCode.Accepted);
        }

        var first = await FinishedOverviewAsync(admin, project, "app", "scanned");
        Assert.Equal(1, first["summary"]!["total"]!.GetValue<int>());
        var oldVersion = database.Current.Version;
        var scanAll = grains.GetGrain<IScanAllGrain>(IScanAllGrain.SingletonKey);
        var previousRun = (await scanAll.GetMetricsAsync(ScanAllTriggers.DatabaseUpdate))?.RunId;

        await File.WriteAllTextAsync(Path.Combine(factory.OsvFolder, BashAdvisory + ".json"), BashRecord, Ct);

        await UntilAsync(() => Task.FromResult(database.Current.RecordCount == 2), "the watcher did not reload the OSV folder");
        var newVersion = database.Current.Version;
        Assert.NotEqual(oldVersion, newVersion);
        var scans = grains.GetGrain<IScanGrain>(scanned);
        await UntilAsync(async () => (await scans.GetLatestAsync(null))?.Report?.DatabaseVersion == newVersion, "the scanned image was not rescanned");
        await UntilAsync(
            async () => await scanAll.GetMetricsAsync(ScanAllTriggers.DatabaseUpdate) is { Ongoing: false } run && run.RunId != previousRun,
            "the rescan pass did not end");

        var report = (await scans.GetLatestAsync(null))!.Report!;
        Assert.Equal(
            [$"{BashAdvisory} bash High", $"{CurlAdvisory} curl Critical"],
            report.Vulnerabilities.Select(f => $"{f.Id} {f.Package} {f.Severity}").Order(StringComparer.Ordinal));
        var overview = await FinishedOverviewAsync(admin, project, "app", "scanned");
        Assert.NotEqual(first["report_id"]!.GetValue<string>(), overview["report_id"]!.GetValue<string>());
        Assert.Equal("""{"total":2,"fixable":2,"summary":{"Critical":1,"High":1}}""", overview["summary"]!.ToJsonString());
        var additions = await HarborArtifacts.GetJsonAsync(admin, ArtifactPath(project, "app", "scanned") + "/additions/vulnerabilities");
        Assert.Contains(additions[ReportMimeType]!["vulnerabilities"]!.AsArray(), v => v!["id"]!.GetValue<string>() == BashAdvisory);

        // The rescan is of stale reports only: the image nobody scanned stays unscanned.
        Assert.Null(await grains.GetGrain<IScanGrain>(unscanned).GetLatestStateAsync(null));
        var never = await HarborArtifacts.GetJsonAsync(admin, ArtifactPath(project, "app", "unscanned") + "?with_scan_overview=true");
        Assert.Null(never["scan_overview"]);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50, Ct);
        }
    }
}
