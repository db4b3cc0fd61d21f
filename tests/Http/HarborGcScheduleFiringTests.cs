using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>A GC schedule set through Harbor's API fires the collector through the scheduler: a SCHEDULE run appears in the history.</summary>
public sealed class HarborGcScheduleFiringTests(ScheduledRegistryFactory factory) : IClassFixture<ScheduledRegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_custom_gc_schedule_starts_a_scheduled_run_once_the_clock_passes_it()
    {
        using var admin = factory.Admin();
        using (var response = await HarborGc.PutScheduleAsync(admin, "Custom", "0 * * * * *", """{"dry_run":true,"workers":2}"""))
        {
            OciAssert.Status(response, HttpStatusCode.OK);
        }

        var next = DateTimeOffset.Parse(
            (await HarborGc.GetScheduleAsync(admin))["schedule"]!["next_scheduled_time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        factory.Clock.Advance(next - factory.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        JsonNode? run = null;
        while (run is null)
        {
            using var history = await admin.GetAsync("/api/v2.0/system/gc");
            OciAssert.Status(history, HttpStatusCode.OK);
            run = (await RegistryClient.JsonAsync(history)).AsArray().FirstOrDefault(r => r!["job_kind"]!.GetValue<string>() == "SCHEDULE");
            if (run is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
        }

        Assert.Equal("Schedule", run["schedule"]!["type"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"delete_untagged":false,"dry_run":true,"workers":2}"""), JsonNode.Parse(run["job_parameters"]!.GetValue<string>())));
        using var removed = await HarborGc.PutScheduleAsync(admin, "None");
        OciAssert.Status(removed, HttpStatusCode.OK);
    }
}
