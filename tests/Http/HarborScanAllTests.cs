using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;
using static ArtifactKeeper.Tests.Http.Support.ScanningRegistryFactory;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Scan-all through Harbor's API on a registry of its own: a Manual schedule runs one throttled pass over every image,
/// the metrics count each exactly once, a second pass skips what is current, and the schedule is kept by the scheduler.
/// </summary>
public sealed class HarborScanAllTests(ScanningRegistryFactory factory) : IClassFixture<ScanningRegistryFactory>
{
    private const int Images = 50;

    private static async Task<JsonNode> FinishedMetricsAsync(RegistryClient admin)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var metrics = await HarborArtifacts.GetJsonAsync(admin, "/api/v2.0/scans/all/metrics");
            if (metrics["trigger"]!.GetValue<string>().Length > 0 && !metrics["ongoing"]!.GetValue<bool>())
            {
                return metrics;
            }

            Assert.True(DateTime.UtcNow < deadline, "scan-all did not finish within two minutes");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task A_manual_scan_all_scans_every_image_once_and_a_second_pass_skips_current_reports()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("scanall");
        await HarborProjects.CreateAsync(admin, project, isPublic: false);
        for (var i = 0; i < Images; i++)
        {
            await PushDebianAsync(admin, project + "/app", "t" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await HarborArtifacts.PushChartAsync(admin, project + "/app", "chart", new Dictionary<string, string> { ["values.yaml"] = "a: 1\n" });

        using (var started = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/system/scanAll/schedule", Json("""{"schedule":{"type":"Manual"}}""")))
        {
            Status(started, HttpStatusCode.Created);
        }

        var metrics = await FinishedMetricsAsync(admin);
        Assert.Equal(Images, metrics["total"]!.GetValue<int>());
        Assert.Equal(Images, metrics["completed"]!.GetValue<int>());
        Assert.Equal($$"""{"Success":{{Images}}}""", metrics["metrics"]!.ToJsonString());
        Assert.Equal("Manual", metrics["trigger"]!.GetValue<string>());
        Assert.Equal("admin", metrics["requester"]!.GetValue<string>());
        var overview = await FinishedOverviewAsync(admin, project, "app", "t7");
        Assert.Equal("Critical", overview["severity"]!.GetValue<string>());

        using (var again = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/system/scanAll/schedule", Json("""{"schedule":{"type":"Manual"}}""")))
        {
            Status(again, HttpStatusCode.Created);
        }

        var second = await FinishedMetricsAsync(admin);
        Assert.Equal(0, second["total"]!.GetValue<int>());
        Assert.Equal(overview["report_id"]!.GetValue<string>(), (await FinishedOverviewAsync(admin, project, "app", "t7"))["report_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_schedule_is_kept_by_the_scheduler_and_only_administrators_reach_scan_all()
    {
        using var admin = factory.Admin();
        using (var set = await admin.SendAsync(HttpMethod.Put, "/api/v2.0/system/scanAll/schedule", Json("""{"schedule":{"type":"Custom","cron":"0 0 3 * * *"}}""")))
        {
            Status(set, HttpStatusCode.OK);
        }

        var schedule = await HarborArtifacts.GetJsonAsync(admin, "/api/v2.0/system/scanAll/schedule");
        Assert.Equal("Custom", schedule["schedule"]!["type"]!.GetValue<string>());
        Assert.Equal("0 0 3 * * *", schedule["schedule"]!["cron"]!.GetValue<string>());

        using (var bad = await admin.SendAsync(HttpMethod.Put, "/api/v2.0/system/scanAll/schedule", Json("""{"schedule":{"type":"Sometimes"}}""")))
        {
            Status(bad, HttpStatusCode.BadRequest);
        }

        var scheduled = await HarborArtifacts.GetJsonAsync(admin, "/api/v2.0/scans/schedule/metrics");
        Assert.Equal(0, scheduled["total"]!.GetValue<int>());
        Assert.False(scheduled["ongoing"]!.GetValue<bool>());

        using var user = await factory.NewUserAsync();
        using (var refused = await user.GetAsync("/api/v2.0/scans/all/metrics"))
        {
            Status(refused, HttpStatusCode.Forbidden);
        }

        using (var refused = await user.SendAsync(HttpMethod.Post, "/api/v2.0/system/scanAll/schedule", Json("""{"schedule":{"type":"Manual"}}""")))
        {
            Status(refused, HttpStatusCode.Forbidden);
        }

        using (var none = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/system/scanAll/stop"))
        {
            Status(none, HttpStatusCode.NotFound);
        }

        using (var removed = await admin.SendAsync(HttpMethod.Put, "/api/v2.0/system/scanAll/schedule", Json("""{"schedule":{"type":"None"}}""")))
        {
            Status(removed, HttpStatusCode.OK);
        }

        Assert.Empty((await HarborArtifacts.GetJsonAsync(admin, "/api/v2.0/system/scanAll/schedule")).AsObject());
    }
}
