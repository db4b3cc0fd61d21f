using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's replication executions API on the gateway: system administrators only, Harbor's shapes, filters and paging,
/// start through the policy grain (a stand-in here: the real one is another piece's), stop, tasks, logs, and this
/// registry's retry endpoints. Executions and task outcomes are written straight to the store, so the answers do not
/// depend on transfers.
/// </summary>
public sealed class HarborReplicationExecutionsApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string Path = "/api/v2.0/replication/executions";
    private const string Owner = "http-test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReplicationExecutionMetadata Store => factory.Services.GetRequiredService<IReplicationExecutionMetadata>();

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", Path },
        { "POST", Path },
        { "GET", Path + "/1" },
        { "PUT", Path + "/1" },
        { "GET", Path + "/1/tasks" },
        { "GET", Path + "/1/tasks/1/log" },
        { "POST", Path + "/1/retry" },
        { "POST", Path + "/1/tasks/1/retry" },
    };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// An ended execution of policy <paramref name="policy"/> on a target no transfer reaches, with one task per
    /// outcome in <paramref name="outcomes"/> (stored as if a target had run it).
    /// </summary>
    private async Task<(long Execution, IReadOnlyList<ReplicationTaskRecord> Tasks)> ExecutionAsync(long policy, string trigger, params string[] outcomes)
    {
        var target = Random.Shared.NextInt64(1_000_000, long.MaxValue);
        var at = DateTimeOffset.UtcNow;
        var id = await Store.CreateReplicationExecutionAsync(policy, trigger, new ReplicationRoute(null, target, true, 0, false), at, Ct);
        var items = outcomes.Select((_, i) => new ReplicationItem(
            ReplicationOperation.Copy, i % 2 == 0 ? "image" : "artifact", "lib/app" + i, "sha256:" + new string((char)('a' + i), 64), ["v1", "v2"], "mirror/app" + i)).ToList();
        await Store.AddReplicationTasksAsync(id, target, items, at, Ct);
        var claimed = await Store.ClaimReplicationTasksAsync(target, Owner, outcomes.Length, at, Ct);
        for (var i = 0; i < claimed.Count; i++)
        {
            await Store.FinishReplicationTaskAsync(claimed[i].Id, Owner, outcomes[claimed[i].Item.SourceRepository[^1] - '0'], 1, 100 * i, $"log of task {i}\n", at, Ct);
        }

        await Store.EndReplicationPlanningAsync(id, null, Ct);
        var failed = outcomes.Count(o => o == ReplicationStatuses.Failed);
        await Store.FinishReplicationExecutionAsync(id, failed > 0 ? ReplicationStatuses.Failed : ReplicationStatuses.Succeed, failed > 0 ? "some failed" : string.Empty, at, Ct);
        return (id, (await Store.ListReplicationTasksAsync(id, null, null, 1, 100, Ct)).Items);
    }

    private static async Task<JsonArray> ArrayAsync(HttpResponseMessage response)
    {
        OciAssert.Status(response, HttpStatusCode.OK);
        return (JsonArray)await RegistryClient.JsonAsync(response);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_401_to_anonymous_callers_and_403_to_non_administrators(string method, string path)
    {
        using var anonymous = factory.Anonymous();
        using var user = await factory.NewUserAsync();
        using (var response = await anonymous.SendAsync(new HttpMethod(method), path, method == "GET" ? null : Json("""{"policy_id":9001}""")))
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using (var response = await user.SendAsync(new HttpMethod(method), path, method == "GET" ? null : Json("""{"policy_id":9001}""")))
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        }
    }

    [Fact]
    public async Task Get_shows_an_execution_in_harbors_shape_with_task_counts()
    {
        using var admin = factory.Admin();
        var (id, _) = await ExecutionAsync(501, ReplicationTriggers.EventBased, ReplicationStatuses.Succeed, ReplicationStatuses.Failed, ReplicationStatuses.Succeed);

        using var response = await admin.GetAsync($"{Path}/{Id(id)}");
        OciAssert.Status(response, HttpStatusCode.OK);
        var body = await RegistryClient.JsonAsync(response);

        Assert.Equal(
            (id, 501L, "Failed", "event_based", "some failed", 3, 2, 1, 0, 0),
            (body["id"]!.GetValue<long>(), body["policy_id"]!.GetValue<long>(), body["status"]!.GetValue<string>(), body["trigger"]!.GetValue<string>(),
             body["status_text"]!.GetValue<string>(), body["total"]!.GetValue<int>(), body["succeed"]!.GetValue<int>(), body["failed"]!.GetValue<int>(),
             body["in_progress"]!.GetValue<int>(), body["stopped"]!.GetValue<int>()));
        Assert.NotNull(body["start_time"]);
        Assert.NotNull(body["end_time"]);
    }

    [Fact]
    public async Task List_filters_by_policy_status_and_trigger_newest_first_with_paging_headers()
    {
        using var admin = factory.Admin();
        var (a, _) = await ExecutionAsync(601, ReplicationTriggers.Manual, ReplicationStatuses.Succeed);
        var (b, _) = await ExecutionAsync(601, ReplicationTriggers.Scheduled, ReplicationStatuses.Failed);
        var (c, _) = await ExecutionAsync(601, ReplicationTriggers.Manual, ReplicationStatuses.Succeed);
        await ExecutionAsync(602, ReplicationTriggers.Manual, ReplicationStatuses.Succeed);

        using var page1 = await admin.GetAsync($"{Path}?policy_id=601&page_size=2");
        var first = await ArrayAsync(page1);
        var manual = await ArrayAsync(await admin.GetAsync($"{Path}?policy_id=601&trigger=manual"));
        var failed = await ArrayAsync(await admin.GetAsync($"{Path}?policy_id=601&status=Failed"));

        Assert.Equal([c, b], first.Select(e => e!["id"]!.GetValue<long>()));
        Assert.Equal("3", OciAssert.Header(page1, "X-Total-Count"));
        Assert.Contains("page=2", OciAssert.Header(page1, "Link"), StringComparison.Ordinal);
        Assert.Equal([c, a], manual.Select(e => e!["id"]!.GetValue<long>()));
        Assert.Equal(b, Assert.Single(failed)!["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Bad_ids_and_filters_are_400_and_unknown_executions_and_tasks_404()
    {
        using var admin = factory.Admin();
        var (id, tasks) = await ExecutionAsync(701, ReplicationTriggers.Manual, ReplicationStatuses.Succeed);
        var (other, otherTasks) = await ExecutionAsync(701, ReplicationTriggers.Manual, ReplicationStatuses.Succeed);

        await OciAssert.ErrorAsync(await admin.GetAsync($"{Path}?policy_id=x"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{Path}?page_size=101"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{Path}/abc"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{Path}/999999"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"{Path}/999999"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{Path}/999999/tasks"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{Path}/{Id(id)}/tasks/{Id(otherTasks[0].Id)}/log"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, $"{Path}/{Id(other)}/tasks/{Id(tasks[0].Id)}/retry"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, $"{Path}/{Id(id)}/tasks/{Id(tasks[0].Id)}/retry"), HttpStatusCode.Conflict, "CONFLICT");
    }

    [Fact]
    public async Task Tasks_are_listed_in_harbors_shape_with_bytes_sent_filtered_and_their_logs_are_text()
    {
        using var admin = factory.Admin();
        var (id, tasks) = await ExecutionAsync(801, ReplicationTriggers.Manual, ReplicationStatuses.Succeed, ReplicationStatuses.Failed, ReplicationStatuses.Succeed);

        using var all = await admin.GetAsync($"{Path}/{Id(id)}/tasks");
        var listed = await ArrayAsync(all);
        var failed = await ArrayAsync(await admin.GetAsync($"{Path}/{Id(id)}/tasks?status=Failed"));
        var artifacts = await ArrayAsync(await admin.GetAsync($"{Path}/{Id(id)}/tasks?resource_type=artifact"));
        using var log = await admin.GetAsync($"{Path}/{Id(id)}/tasks/{Id(tasks[1].Id)}/log");

        Assert.Equal("3", OciAssert.Header(all, "X-Total-Count"));
        var first = listed[0]!;
        Assert.Equal(
            (tasks[0].Id, id, "Succeed", "copy", "image", "lib/app0:[v1,v2]", "mirror/app0:[v1,v2]", string.Empty),
            (first["id"]!.GetValue<long>(), first["execution_id"]!.GetValue<long>(), first["status"]!.GetValue<string>(), first["operation"]!.GetValue<string>(),
             first["resource_type"]!.GetValue<string>(), first["src_resource"]!.GetValue<string>(), first["dst_resource"]!.GetValue<string>(), first["job_id"]!.GetValue<string>()));
        Assert.Equal([tasks[0].BytesSent, tasks[1].BytesSent, tasks[2].BytesSent], listed.Select(t => t!["bytes_sent"]!.GetValue<long>()));
        Assert.Equal("lib/app1", Assert.Single(failed)!["src_resource"]!.GetValue<string>()[..8]);
        Assert.Equal("artifact", Assert.Single(artifacts)!["resource_type"]!.GetValue<string>());
        OciAssert.Status(log, HttpStatusCode.OK);
        Assert.Equal("text/plain", log.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await Store.GetReplicationTaskLogAsync(tasks[1].Id, Ct), await log.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Post_starts_an_execution_through_the_policy_and_answers_harbors_refusals()
    {
        using var admin = factory.Admin();

        var registryId = await CreateAsync(admin, "/api/v2.0/registries", $$"""{"name":"exec-{{Guid.NewGuid():N}}","type":"docker-registry","url":"http://127.0.0.1:9"}""");
        var enabled = await CreatePolicyAsync(admin, registryId, enabled: true);
        var disabled = await CreatePolicyAsync(admin, registryId, enabled: false);
        var busy = await CreatePolicyAsync(admin, registryId, enabled: true);
        await Store.CreateReplicationExecutionAsync(busy, ReplicationTriggers.Manual, new ReplicationRoute(null, registryId, true, 0, false), DateTimeOffset.UtcNow, Ct);

        using var started = await admin.SendAsync(HttpMethod.Post, Path, Json($$"""{"policy_id":{{enabled}}}"""));
        OciAssert.Status(started, HttpStatusCode.Created);
        var location = OciAssert.Header(started, "Location");
        Assert.StartsWith(Path + "/", location, StringComparison.Ordinal);
        var execution = await Store.GetReplicationExecutionAsync(long.Parse(location[(Path.Length + 1)..], CultureInfo.InvariantCulture), Ct);
        Assert.Equal((enabled, ReplicationTriggers.Manual), (execution!.PolicyId, execution.Trigger));

        await OciAssert.ErrorAsync(
            await admin.SendAsync(HttpMethod.Post, Path, Json($$"""{"policy_id":{{disabled}}}""")), HttpStatusCode.PreconditionFailed, "PRECONDITION");
        await OciAssert.ErrorAsync(
            await admin.SendAsync(HttpMethod.Post, Path, Json($$"""{"policy_id":{{busy}}}""")), HttpStatusCode.Conflict, "CONFLICT");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, Path, Json("""{"policy_id":12345}""")), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, Path, Json("""{}""")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, Path, Json("""{"policy_id":"x"}""")), HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Put_stops_a_running_execution_and_is_200_for_an_ended_one()
    {
        using var admin = factory.Admin();
        var at = DateTimeOffset.UtcNow;
        var target = Random.Shared.NextInt64(1_000_000, long.MaxValue);
        var id = await Store.CreateReplicationExecutionAsync(901, ReplicationTriggers.Manual, new ReplicationRoute(null, target, true, 0, false), at, Ct);

        using (var stop = await admin.SendAsync(HttpMethod.Put, $"{Path}/{Id(id)}"))
        {
            OciAssert.Status(stop, HttpStatusCode.OK);
        }

        Assert.Equal(ReplicationStatuses.Stopped, (await Store.GetReplicationExecutionAsync(id, Ct))!.Status);
        using var again = await admin.SendAsync(HttpMethod.Put, $"{Path}/{Id(id)}");
        OciAssert.Status(again, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Retry_requeues_failed_tasks_one_or_all_and_answers_the_count()
    {
        using var admin = factory.Admin();
        var (id, tasks) = await ExecutionAsync(
            1001, ReplicationTriggers.Manual, ReplicationStatuses.Failed, ReplicationStatuses.Failed, ReplicationStatuses.Succeed, ReplicationStatuses.Failed);

        using var one = await admin.SendAsync(HttpMethod.Post, $"{Path}/{Id(id)}/tasks/{Id(tasks[0].Id)}/retry");
        OciAssert.Status(one, HttpStatusCode.OK);
        Assert.Equal(1, (await RegistryClient.JsonAsync(one))["retried"]!.GetValue<int>());
        using var all = await admin.SendAsync(HttpMethod.Post, $"{Path}/{Id(id)}/retry");
        OciAssert.Status(all, HttpStatusCode.OK);
        // The first task runs again at once (its target has no endpoint, so it fails again): 2 or 3 are failed by now.
        Assert.InRange((await RegistryClient.JsonAsync(all))["retried"]!.GetValue<int>(), 2, 3);

        Assert.Contains("Retry requested", await Store.GetReplicationTaskLogAsync(tasks[0].Id, Ct), StringComparison.Ordinal);
        Assert.Contains("Retry requested", await Store.GetReplicationTaskLogAsync(tasks[3].Id, Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("Retry requested", await Store.GetReplicationTaskLogAsync(tasks[2].Id, Ct), StringComparison.Ordinal);
    }

    private static async Task<long> CreatePolicyAsync(RegistryClient admin, long registryId, bool enabled) =>
        await CreateAsync(admin, "/api/v2.0/replication/policies", $$"""
            {"name":"exec-{{Guid.NewGuid():N}}","dest_registry":{"id":{{registryId}}},"trigger":{"type":"manual"},
             "filters":[{"type":"name","value":"nothing-matches-{{Guid.NewGuid():N}}/**"}],"enabled":{{(enabled ? "true" : "false")}},
             "single_active_replication":true}
            """);

    /// <summary>POSTs a Harbor create and returns the id at the end of its Location.</summary>
    private static async Task<long> CreateAsync(RegistryClient admin, string path, string body)
    {
        using var created = await admin.SendAsync(HttpMethod.Post, path, Json(body));
        OciAssert.Status(created, HttpStatusCode.Created);
        var location = OciAssert.Header(created, "Location");
        return long.Parse(location[(location.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
    }
}
