using System.Globalization;
using System.Net;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Retention executions end to end on the gateway: a dry run and a real run over pushed tags report the same tasks,
/// the real run leaves exactly the retained tags and audits every deletion; schedules follow the policy's trigger.
/// </summary>
public sealed class HarborRetentionExecutionTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string P = HarborRetentions.Path;

    private static string Tag(int i) => "v" + i.ToString("D3", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Keep_the_latest_10_tags_matching_v_of_100_dry_run_equals_real_run_and_deletions_are_audited()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("keep");
        var projectId = await HarborProjects.CreateAsync(admin, project, false);
        var repository = $"{project}/app";
        var untouched = $"{project}/other";
        var pushed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i <= 100; i++)
        {
            pushed[Tag(i)] = (await admin.PushImageAsync(repository, Tag(i))).Digest;
        }

        await admin.PushImageAsync(untouched, "v1");
        using (var immutable = await admin.SendAsync(
            HttpMethod.Post,
            $"/api/v2.0/projects/{project}/immutabletagrules",
            HarborProjects.Json("""{"tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v001"}],"scope_selectors":{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"app"}]}}""")))
        {
            OciAssert.Status(immutable, HttpStatusCode.Created);
        }

        var id = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId, rules: HarborRetentions.Rule(count: 10, tags: "v*", repositories: "app")));

        var dry = await HarborRetentions.StartAsync(admin, id, dryRun: true);
        Assert.Equal("Success", (await HarborRetentions.WaitAsync(admin, id, dry))["status"]!.GetValue<string>());
        Assert.Equal(100, (await admin.TagsAsync(repository))!.Count);
        var real = await HarborRetentions.StartAsync(admin, id, dryRun: false);
        var done = await HarborRetentions.WaitAsync(admin, id, real);

        Assert.Equal(("Success", "Manual", false), (done["status"]!.GetValue<string>(), done["trigger"]!.GetValue<string>(), done["dry_run"]!.GetValue<bool>()));
        var dryTask = Assert.Single(await HarborRetentions.TasksAsync(admin, id, dry))!;
        var realTask = Assert.Single(await HarborRetentions.TasksAsync(admin, id, real))!;
        foreach (var task in new[] { dryTask, realTask })
        {
            Assert.Equal((repository, "Success", 3, 100, 11), (
                task["repository"]!.GetValue<string>(), task["status"]!.GetValue<string>(), task["status_code"]!.GetValue<int>(),
                task["total"]!.GetValue<int>(), task["retained"]!.GetValue<int>()));
        }

        var expected = new[] { Tag(1) }.Concat(Enumerable.Range(91, 10).Select(Tag)).ToList();
        Assert.Equal(expected, (await admin.TagsAsync(repository))!.Order(StringComparer.Ordinal));
        Assert.Equal(["v1"], await admin.TagsAsync(untouched));
        using (var gone = await admin.GetAsync($"/v2/{repository}/manifests/{pushed[Tag(50)]}"))
        {
            OciAssert.Status(gone, HttpStatusCode.NotFound);
        }

        var dryLog = await HarborRetentions.LogAsync(admin, id, dry, dryTask["id"]!.GetValue<long>());
        var realLog = await HarborRetentions.LogAsync(admin, id, real, realTask["id"]!.GetValue<long>());
        Assert.Contains("dry run: nothing was deleted", dryLog, StringComparison.Ordinal);
        Assert.Equal(89, dryLog.Split('\n').Count(l => l.StartsWith("WOULD-DELETE", StringComparison.Ordinal)));
        Assert.Equal(89, realLog.Split('\n').Count(l => l.StartsWith("DELETED", StringComparison.Ordinal)));
        Assert.Contains(realLog.Split('\n'), l => l.StartsWith("SKIPPED", StringComparison.Ordinal) && l.Contains(" v001 ", StringComparison.Ordinal));

        var audited = await AuditLogs.ListAsync(factory, admin, $"/api/v2.0/audit-logs?q=username%3Dretention,project_id%3D{projectId}&page_size=100");
        Assert.Equal(89, audited.Count);
        Assert.All(audited, r => Assert.Equal(("delete", "artifact"), (r!["operation"]!.GetValue<string>(), r["resource_type"]!.GetValue<string>())));
        Assert.Equal(
            Enumerable.Range(2, 89).Select(i => $"{repository}@{pushed[Tag(i)]}").Order(StringComparer.Ordinal),
            audited.Select(r => r!["resource"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_schedule_trigger_is_kept_in_the_scheduler_and_a_firing_runs_a_real_execution()
    {
        using var admin = factory.Admin();
        var projectId = await HarborProjects.CreateAsync(admin, HarborProjects.NewName("sched"), false);
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        var scheduler = grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.SingletonKey);

        var id = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId, "0 0 3 * * *"));
        var job = new ScheduledJobKey("retention", id.ToString(CultureInfo.InvariantCulture));
        var entry = await scheduler.GetAsync(job);
        Assert.Equal(("Custom", "0 0 3 * * *"), (entry!.Type, entry.Cron));

        var hourly = HarborRetentions.Policy(projectId, "0 0 * * * *");
        using (var put = await admin.SendAsync(HttpMethod.Put, $"{P}/{id}", HarborProjects.Json(hourly.ToJsonString())))
        {
            OciAssert.Status(put, HttpStatusCode.OK);
        }

        Assert.Equal("0 0 * * * *", (await scheduler.GetAsync(job))!.Cron);
        Assert.Equal("0 0 * * * *", (await HarborRetentions.GetAsync(admin, id))["trigger"]!["settings"]!["cron"]!.GetValue<string>());

        await grains.GetGrain<IRetentionPolicyGrain>(job.Key).FireAsync("{}", DateTimeOffset.UtcNow);
        using (var list = await admin.GetAsync($"{P}/{id}/executions"))
        {
            var fired = Assert.Single((await RegistryClient.JsonAsync(list)).AsArray())!;
            Assert.Equal(("Schedule", false), (fired["trigger"]!.GetValue<string>(), fired["dry_run"]!.GetValue<bool>()));
            await HarborRetentions.WaitAsync(admin, id, fired["id"]!.GetValue<long>());
        }

        using (var put = await admin.SendAsync(HttpMethod.Put, $"{P}/{id}", HarborProjects.Json(HarborRetentions.Policy(projectId).ToJsonString())))
        {
            OciAssert.Status(put, HttpStatusCode.OK);
        }

        Assert.Null(await scheduler.GetAsync(job));
        var second = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(await HarborProjects.CreateAsync(admin, HarborProjects.NewName("sched"), false), "0 30 1 * * *"));
        var secondJob = new ScheduledJobKey("retention", second.ToString(CultureInfo.InvariantCulture));
        Assert.NotNull(await scheduler.GetAsync(secondJob));
        using (var deleted = await admin.DeleteAsync($"{P}/{second}"))
        {
            OciAssert.Status(deleted, HttpStatusCode.OK);
        }

        Assert.Null(await scheduler.GetAsync(secondJob));
    }
}
