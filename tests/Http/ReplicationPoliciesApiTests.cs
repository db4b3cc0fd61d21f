using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's <c>/api/v2.0/replication/policies</c>: CRUD in Harbor's JSON, validation that changes nothing, system
/// administrators only, and the schedule kept in the scheduler. Registry endpoints and executions are in-memory
/// stand-ins (<see cref="ReplicationPolicyRegistryFactory"/>) until the pieces that own them are merged.
/// </summary>
public sealed class ReplicationPoliciesApiTests(ReplicationPolicyRegistryFactory factory) : IClassFixture<ReplicationPolicyRegistryFactory>
{
    private const string Policies = "/api/v2.0/replication/policies";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string PushPolicy(string name, long destination, string trigger = """{"type":"manual"}""", string extra = "") => $$"""
        {"name":"{{name}}","description":"dr copy","dest_registry":{"id":{{destination}}},"dest_namespace":"mirror","dest_namespace_replace_count":1,
         "trigger":{{trigger}},
         "filters":[{"type":"name","value":"library/**"},{"type":"tag","value":"v*","decoration":"excludes"},{"type":"label","value":["prod"],"decoration":"matches"},{"type":"resource","value":"image"}],
         "replicate_deletion":true,"override":true,"enabled":true,"speed":1024,"copy_by_chunk":true{{extra}}}
        """;

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<long> CreateAsync(RegistryClient admin, string body)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, Policies, Json(body));
        OciAssert.Status(response, HttpStatusCode.Created);
        var location = OciAssert.Header(response, "Location");
        Assert.StartsWith(Policies + "/", location, StringComparison.Ordinal);
        return long.Parse(location[(Policies.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private Task<ScheduleEntry?> ScheduleAsync(long id) =>
        factory.Services.GetRequiredService<IScheduleMetadata>().GetScheduleAsync(new ScheduledJobKey(IReplicationPolicyGrain.JobKind, id.ToString(CultureInfo.InvariantCulture)), Ct);

    private async Task<long> CountAsync() =>
        (await factory.Services.GetRequiredService<IReplicationPolicyMetadata>().ListReplicationPoliciesAsync(
            new ArtifactKeeper.Storage.Metadata.Queries.ListQuery(new Dictionary<string, ArtifactKeeper.Storage.Metadata.Queries.QueryValue>(), [], 1, 1), Ct)).Total;

    [Fact]
    public async Task Post_then_get_shows_the_policy_in_harbors_json()
    {
        using var admin = factory.Admin();
        var target = (await factory.AddEndpointAsync(Unique("dr")));
        var name = Unique("policy");

        var id = await CreateAsync(admin, PushPolicy(name, target.Id));
        using var response = await admin.GetAsync($"{Policies}/{id}");

        OciAssert.Status(response, HttpStatusCode.OK);
        var policy = await RegistryClient.JsonAsync(response);
        Assert.Equal(id, policy["id"]!.GetValue<long>());
        Assert.Equal(name, policy["name"]!.GetValue<string>());
        Assert.Equal("admin", policy["creator"]!.GetValue<string>());
        Assert.Equal(0, policy["src_registry"]!["id"]!.GetValue<long>());
        Assert.Equal("Local", policy["src_registry"]!["name"]!.GetValue<string>());
        Assert.Equal(target.Id, policy["dest_registry"]!["id"]!.GetValue<long>());
        Assert.Equal(target.Name, policy["dest_registry"]!["name"]!.GetValue<string>());
        Assert.Null(policy["dest_registry"]!["credential"]);
        Assert.Equal("mirror", policy["dest_namespace"]!.GetValue<string>());
        Assert.Equal(1, policy["dest_namespace_replace_count"]!.GetValue<int>());
        Assert.Equal("manual", policy["trigger"]!["type"]!.GetValue<string>());
        Assert.Equal(
            """[{"type":"name","value":"library/**"},{"type":"tag","value":"v*","decoration":"excludes"},{"type":"label","value":["prod"],"decoration":"matches"},{"type":"resource","value":"image"}]""",
            policy["filters"]!.ToJsonString());
        Assert.True(policy["replicate_deletion"]!.GetValue<bool>());
        Assert.True(policy["deletion"]!.GetValue<bool>());
        Assert.True(policy["override"]!.GetValue<bool>());
        Assert.True(policy["enabled"]!.GetValue<bool>());
        Assert.Equal(1024, policy["speed"]!.GetValue<int>());
        Assert.True(policy["copy_by_chunk"]!.GetValue<bool>());
        Assert.False(policy["single_active_replication"]!.GetValue<bool>());
        Assert.NotNull(policy["creation_time"]);
        Assert.NotNull(policy["update_time"]);
    }

    [Fact]
    public async Task Defaults_follow_harbor_replace_count_minus_one_negative_speed_zero_no_trigger_manual()
    {
        using var admin = factory.Admin();
        var source = (await factory.AddEndpointAsync(Unique("hub")));

        var id = await CreateAsync(admin, $$"""{"name":"{{Unique("pull")}}","src_registry":{"id":{{source.Id}}},"dest_namespace":"cache","speed":-5}""");
        using var response = await admin.GetAsync($"{Policies}/{id}");
        var policy = await RegistryClient.JsonAsync(response);

        Assert.Equal(-1, policy["dest_namespace_replace_count"]!.GetValue<int>());
        Assert.Equal(0, policy["speed"]!.GetValue<int>());
        Assert.Equal("manual", policy["trigger"]!["type"]!.GetValue<string>());
        Assert.Equal(source.Id, policy["src_registry"]!["id"]!.GetValue<long>());
        Assert.Equal(0, policy["dest_registry"]!["id"]!.GetValue<long>());
        Assert.False(policy["enabled"]!.GetValue<bool>());
    }

    public static TheoryData<string> InvalidBodies => new()
    {
        """{"name":"","dest_registry":{"id":TARGET}}""",
        """{"name":"x"}""",
        """{"name":"x","src_registry":{"id":TARGET},"dest_registry":{"id":TARGET}}""",
        """{"name":"x","dest_registry":{"id":TARGET},"filters":[{"type":"repository","value":"a"}]}""",
        """{"name":"x","dest_registry":{"id":TARGET},"filters":[{"type":"tag","value":"v*","decoration":"withLabels"}]}""",
        """{"name":"x","dest_registry":{"id":TARGET},"filters":[{"type":"resource","value":"chart"}]}""",
        """{"name":"x","dest_registry":{"id":TARGET},"filters":[{"type":"label","value":"prod"}]}""",
        """{"name":"x","dest_registry":{"id":TARGET},"trigger":{"type":"scheduled","trigger_settings":{"cron":"0 * * * * *"}}}""",
        """{"name":"x","dest_registry":{"id":TARGET},"trigger":{"type":"scheduled","trigger_settings":{"cron":""}}}""",
        """{"name":"x","dest_registry":{"id":TARGET},"trigger":{"type":"sometimes"}}""",
        """{"name":"x","dest_registry":{"id":TARGET},"dest_namespace":"Not Valid"}""",
        """{"name":"x","dest_registry":{"id":TARGET},"trigger":{"type":"event_based"},"single_active_replication":true}""",
        """{"name":"x","dest_registry":{"id":TARGET},"speed":"fast"}""",
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Post_of_an_invalid_policy_answers_400_and_stores_nothing(string body)
    {
        using var admin = factory.Admin();
        var target = (await factory.AddEndpointAsync(Unique("dr")));
        var before = await CountAsync();

        using var response = await admin.SendAsync(HttpMethod.Post, Policies, Json(body.Replace("TARGET", target.Id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Post_naming_an_unknown_registry_answers_404_and_a_taken_name_409()
    {
        using var admin = factory.Admin();
        var name = Unique("dup");
        var target = (await factory.AddEndpointAsync(Unique("dr")));
        await CreateAsync(admin, PushPolicy(name, target.Id));
        var before = await CountAsync();

        using (var missing = await admin.SendAsync(HttpMethod.Post, Policies, Json(PushPolicy(Unique("other"), 987654))))
        {
            await OciAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using (var taken = await admin.SendAsync(HttpMethod.Post, Policies, Json(PushPolicy(name, target.Id))))
        {
            await OciAssert.ErrorAsync(taken, HttpStatusCode.Conflict, "CONFLICT");
        }

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_scheduled_policy_keeps_its_cron_in_the_scheduler_until_it_is_disabled_or_deleted()
    {
        using var admin = factory.Admin();
        var target = (await factory.AddEndpointAsync(Unique("dr")));
        var name = Unique("nightly");
        const string Scheduled = """{"type":"scheduled","trigger_settings":{"cron":"0 30 2 * * *"}}""";

        var id = await CreateAsync(admin, PushPolicy(name, target.Id, Scheduled));

        var entry = await ScheduleAsync(id);
        Assert.NotNull(entry);
        Assert.Equal("0 30 2 * * *", entry.Cron);

        using (var update = await admin.SendAsync(HttpMethod.Put, $"{Policies}/{id}", Json(PushPolicy(name, target.Id, """{"type":"scheduled","trigger_settings":{"cron":"0 0 4 * * *"}}"""))))
        {
            OciAssert.Status(update, HttpStatusCode.OK);
        }

        Assert.Equal("0 0 4 * * *", (await ScheduleAsync(id))!.Cron);

        using (var disable = await admin.SendAsync(HttpMethod.Put, $"{Policies}/{id}", Json(PushPolicy(name, target.Id, Scheduled).Replace("\"enabled\":true", "\"enabled\":false", StringComparison.Ordinal))))
        {
            OciAssert.Status(disable, HttpStatusCode.OK);
        }

        Assert.Null(await ScheduleAsync(id));

        using (var enable = await admin.SendAsync(HttpMethod.Put, $"{Policies}/{id}", Json(PushPolicy(name, target.Id, Scheduled))))
        {
            OciAssert.Status(enable, HttpStatusCode.OK);
        }

        Assert.NotNull(await ScheduleAsync(id));
        using (var delete = await admin.DeleteAsync($"{Policies}/{id}"))
        {
            OciAssert.Status(delete, HttpStatusCode.OK);
        }

        Assert.Null(await ScheduleAsync(id));
        using var gone = await admin.GetAsync($"{Policies}/{id}");
        await OciAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Put_replaces_the_policy_keeping_creator_and_creation_time_and_refuses_bad_input_unchanged()
    {
        using var admin = factory.Admin();
        var target = (await factory.AddEndpointAsync(Unique("dr")));
        var other = (await factory.AddEndpointAsync(Unique("dr2")));
        var name = Unique("edit");
        var id = await CreateAsync(admin, PushPolicy(name, target.Id));
        using var first = await admin.GetAsync($"{Policies}/{id}");
        var before = await RegistryClient.JsonAsync(first);

        using (var bad = await admin.SendAsync(HttpMethod.Put, $"{Policies}/{id}", Json($$"""{"name":"{{name}}","dest_registry":{"id":{{target.Id}}},"filters":[{"type":"tag","value":"[x"}]}""")))
        {
            await OciAssert.ErrorAsync(bad, HttpStatusCode.BadRequest, "BAD_REQUEST");
        }

        using (var unchanged = await admin.GetAsync($"{Policies}/{id}"))
        {
            Assert.Equal(before.ToJsonString(), (await RegistryClient.JsonAsync(unchanged)).ToJsonString());
        }

        using (var ok = await admin.SendAsync(HttpMethod.Put, $"{Policies}/{id}", Json($$"""{"name":"{{name}}-2","dest_registry":{"id":{{other.Id}}},"enabled":true}""")))
        {
            OciAssert.Status(ok, HttpStatusCode.OK);
        }

        using var after = await admin.GetAsync($"{Policies}/{id}");
        var policy = await RegistryClient.JsonAsync(after);
        Assert.Equal(name + "-2", policy["name"]!.GetValue<string>());
        Assert.Equal(other.Id, policy["dest_registry"]!["id"]!.GetValue<long>());
        Assert.Equal("[]", policy["filters"]!.ToJsonString());
        Assert.Equal(before["creator"]!.GetValue<string>(), policy["creator"]!.GetValue<string>());
        Assert.Equal(before["creation_time"]!.GetValue<string>(), policy["creation_time"]!.GetValue<string>());

        using var missing = await admin.SendAsync(HttpMethod.Put, $"{Policies}/{id + 100000}", Json(PushPolicy(Unique("x"), target.Id)));
        await OciAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_is_refused_with_412_while_an_execution_runs_and_then_takes_the_executions_and_their_tasks()
    {
        using var admin = factory.Admin();
        var target = (await factory.AddEndpointAsync(Unique("dr")));
        var id = await CreateAsync(admin, PushPolicy(Unique("busy"), target.Id, """{"type":"scheduled","trigger_settings":{"cron":"0 30 2 * * *"}}"""));
        var execution = await factory.MarkRunningAsync(id);

        using (var refused = await admin.DeleteAsync($"{Policies}/{id}"))
        {
            await OciAssert.ErrorAsync(refused, HttpStatusCode.PreconditionFailed, "PRECONDITION");
        }

        using (var still = await admin.GetAsync($"{Policies}/{id}"))
        {
            OciAssert.Status(still, HttpStatusCode.OK);
        }

        Assert.NotNull(await ScheduleAsync(id));
        using (var stop = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/replication/executions/{execution}", null))
        {
            OciAssert.Status(stop, HttpStatusCode.OK);
        }

        using (var deleted = await admin.DeleteAsync($"{Policies}/{id}"))
        {
            OciAssert.Status(deleted, HttpStatusCode.OK);
        }

        Assert.Null(await ScheduleAsync(id));
        using (var gone = await admin.GetAsync($"/api/v2.0/replication/executions/{execution}"))
        {
            await OciAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using (var tasks = await admin.GetAsync($"/api/v2.0/replication/executions/{execution}/tasks"))
        {
            await OciAssert.ErrorAsync(tasks, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using var listed = await admin.GetAsync($"/api/v2.0/replication/executions?policy_id={id}");
        OciAssert.Status(listed, HttpStatusCode.OK);
        Assert.Equal("[]", (await RegistryClient.JsonAsync(listed)).ToJsonString());
    }

    [Fact]
    public async Task List_pages_with_harbor_headers_and_filters_by_name()
    {
        using var admin = factory.Admin();
        var target = (await factory.AddEndpointAsync(Unique("dr")));
        var prefix = Unique("listed");
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(admin, PushPolicy($"{prefix}-{i}", target.Id));
        }

        using var page = await admin.GetAsync($"{Policies}?q=name%3D~{prefix}&page=1&page_size=2");

        OciAssert.Status(page, HttpStatusCode.OK);
        Assert.Equal("3", OciAssert.Header(page, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(page, "Link"), StringComparison.Ordinal);
        var items = (JsonArray)(await RegistryClient.JsonAsync(page));
        Assert.Equal([$"{prefix}-0", $"{prefix}-1"], items.Select(p => p!["name"]!.GetValue<string>()));

        using var byName = await admin.GetAsync($"{Policies}?name={prefix}-2");
        Assert.Equal([$"{prefix}-2"], ((JsonArray)(await RegistryClient.JsonAsync(byName))).Select(p => p!["name"]!.GetValue<string>()));
    }

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", Policies },
        { "POST", Policies },
        { "GET", Policies + "/1" },
        { "PUT", Policies + "/1" },
        { "DELETE", Policies + "/1" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_policy_endpoint_is_for_system_administrators_only(string method, string path)
    {
        using var anonymous = factory.Anonymous();
        using var user = await factory.NewUserAsync();
        var body = method is "POST" or "PUT" ? PushPolicy(Unique("x"), (await factory.AddEndpointAsync(Unique("dr"))).Id) : null;
        var before = await CountAsync();

        using (var response = await anonymous.SendAsync(new HttpMethod(method), path, body is null ? null : Json(body)))
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using (var response = await user.SendAsync(new HttpMethod(method), path, body is null ? null : Json(body)))
        {
            await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Policies_are_users_of_the_registries_they_name()
    {
        using var admin = factory.Admin();
        var target = (await factory.AddEndpointAsync(Unique("dr")));
        var name = Unique("user-of");
        await CreateAsync(admin, PushPolicy(name, target.Id));

        var usages = factory.Services.GetServices<IRegistryEndpointUsage>().ToList();

        var found = await Task.WhenAll(usages.Select(u => u.FindUseAsync(target.Id, Ct)));
        Assert.Contains($"replication policy '{name}'", found);
        Assert.All(await Task.WhenAll(usages.Select(u => u.FindUseAsync(target.Id + 100000, Ct))), Assert.Null);
    }
}
