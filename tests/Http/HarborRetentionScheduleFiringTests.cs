using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// A retention policy's schedule trigger fires through the scheduler itself (not a direct call): once the clock passes
/// the cron's next slot, an execution with trigger Schedule runs to the end.
/// </summary>
public sealed class HarborRetentionScheduleFiringTests(ScheduledRegistryFactory factory) : IClassFixture<ScheduledRegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retention_schedule_starts_a_scheduled_execution_once_the_clock_passes_it()
    {
        using var admin = factory.Admin();
        var projectId = await HarborProjects.CreateAsync(admin, HarborProjects.NewName("retfire"), false);
        var id = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId, "0 0 * * * *"));
        var scheduler = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);
        var entry = await scheduler.GetAsync(new ScheduledJobKey("retention", id.ToString(CultureInfo.InvariantCulture)));
        Assert.NotNull(entry);

        factory.Clock.Advance(entry.NextRunAt - factory.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        JsonNode? execution = null;
        while (execution is null)
        {
            using var list = await admin.GetAsync($"/api/v2.0/retentions/{id}/executions");
            OciAssert.Status(list, HttpStatusCode.OK);
            execution = (await RegistryClient.JsonAsync(list)).AsArray().FirstOrDefault();
            if (execution is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
        }

        Assert.Equal(("Schedule", false), (execution["trigger"]!.GetValue<string>(), execution["dry_run"]!.GetValue<bool>()));
        var done = await HarborRetentions.WaitAsync(admin, id, execution["id"]!.GetValue<long>());
        Assert.Equal("Success", done["status"]!.GetValue<string>());
    }
}
