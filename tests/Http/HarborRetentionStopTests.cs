using System.Net;
using ArtifactKeeper.Retention;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's <c>PATCH /retentions/{id}/executions/{eid}</c> <c>{"action":"stop"}</c> on a run held at its first deletions:
/// the execution ends Stopped, the passes under way finish their step, every repository not reached has a Stopped task
/// that says so and keeps its tags, and a new execution completes the job.
/// </summary>
public sealed class HarborRetentionStopTests(HeldRetentionDeletesFactory factory) : IClassFixture<HeldRetentionDeletesFactory>
{
    private const int Repositories = RetentionPolicyGrain.Concurrency + 2;

    [Fact]
    public async Task Stop_through_the_api_ends_the_execution_Stopped_and_a_new_execution_completes_the_job()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("stop");
        var projectId = await HarborProjects.CreateAsync(admin, project, false);
        var repositories = Enumerable.Range(1, Repositories).Select(i => $"{project}/r{i}").ToList();
        foreach (var repository in repositories)
        {
            foreach (var tag in new[] { "v1", "v2", "v3" })
            {
                await admin.PushImageAsync(repository, tag);
            }
        }

        var id = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId, rules: HarborRetentions.Rule(count: 1)));
        long execution;
        using (var hold = factory.Batches.Arm())
        {
            execution = await HarborRetentions.StartAsync(admin, id, dryRun: false);
            await hold.WaitForHeldAsync(RetentionPolicyGrain.Concurrency, TestContext.Current.CancellationToken);
            using (var wrong = await admin.SendAsync(HttpMethod.Patch, $"{HarborRetentions.Path}/{id}/executions/{execution}", HarborProjects.Json("""{"action":"pause"}""")))
            {
                OciAssert.Status(wrong, HttpStatusCode.BadRequest);
            }

            using var stop = await admin.SendAsync(HttpMethod.Patch, $"{HarborRetentions.Path}/{id}/executions/{execution}", HarborProjects.Json("""{"action":"stop"}"""));
            OciAssert.Status(stop, HttpStatusCode.OK);
        }

        var stopped = await HarborRetentions.WaitAsync(admin, id, execution);
        Assert.Equal("Stopped", stopped["status"]!.GetValue<string>());
        var tasks = await HarborRetentions.TasksAsync(admin, id, execution);
        Assert.Equal(repositories, tasks.Select(t => t!["repository"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // The passes held at their only step finished it; the others were never reached.
        var finished = tasks.Where(t => t!["status"]!.GetValue<string>() == "Success").ToList();
        var notReached = tasks.Where(t => t!["status"]!.GetValue<string>() == "Stopped").ToList();
        Assert.Equal(RetentionPolicyGrain.Concurrency, finished.Count);
        Assert.Equal(Repositories - RetentionPolicyGrain.Concurrency, notReached.Count);
        foreach (var task in finished)
        {
            Assert.Equal((3, 1), (task!["total"]!.GetValue<int>(), task["retained"]!.GetValue<int>()));
            Assert.Equal(["v3"], await admin.TagsAsync(task["repository"]!.GetValue<string>()));
        }

        foreach (var task in notReached)
        {
            var repository = task!["repository"]!.GetValue<string>();
            Assert.Equal((3, 0, 0), (task["status_code"]!.GetValue<int>(), task["total"]!.GetValue<int>(), task["retained"]!.GetValue<int>()));
            Assert.Equal(
                $"Repository {repository}: not evaluated: execution {execution} was stopped first\n",
                await HarborRetentions.LogAsync(admin, id, execution, task["id"]!.GetValue<long>()));
            Assert.Equal(["v1", "v2", "v3"], (await admin.TagsAsync(repository))!.Order(StringComparer.Ordinal));
        }

        var again = await HarborRetentions.StartAsync(admin, id, dryRun: false);
        Assert.Equal("Success", (await HarborRetentions.WaitAsync(admin, id, again))["status"]!.GetValue<string>());
        foreach (var repository in repositories)
        {
            Assert.Equal(["v3"], await admin.TagsAsync(repository));
        }
    }
}
