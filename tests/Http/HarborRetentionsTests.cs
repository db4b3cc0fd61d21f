using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's <c>/api/v2.0/retentions</c>: metadatas, policy CRUD in Harbor's JSON with the project's
/// <c>retention_id</c>, validation (400/409, nothing stored), the role matrix, and executions with their tasks.
/// </summary>
public sealed class HarborRetentionsTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string P = HarborRetentions.Path;

    private async Task<(RegistryClient Admin, string Project, long ProjectId)> ProjectAsync()
    {
        var admin = factory.Admin();
        var name = HarborProjects.NewName("ret");
        var id = await HarborProjects.CreateAsync(admin, name, false);
        return (admin, name, id);
    }

    private static async Task<string?> RetentionIdAsync(RegistryClient client, string project) =>
        (await HarborProjects.GetAsync(client, project))["metadata"]?["retention_id"]?.GetValue<string>();

    [Fact]
    public async Task Metadatas_list_Harbors_templates_and_selectors_to_signed_in_callers()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();

        using var response = await admin.GetAsync(P + "/metadatas");
        OciAssert.Status(response, HttpStatusCode.OK);
        var metadata = await RegistryClient.JsonAsync(response);

        Assert.Equal(
            ["latestPushedK", "latestPulledN", "nDaysSinceLastPush", "nDaysSinceLastPull", "always"],
            metadata["templates"]!.AsArray().Select(t => t!["rule_template"]!.GetValue<string>()));
        var pushed = metadata["templates"]![0]!;
        Assert.Equal("the most recently pushed # artifacts", pushed["display_text"]!.GetValue<string>());
        Assert.Equal("retain", pushed["action"]!.GetValue<string>());
        Assert.Equal("""[{"type":"int","unit":"COUNT","required":true}]""", pushed["params"]!.ToJsonString());
        Assert.Equal("DAYS", metadata["templates"]![2]!["params"]![0]!["unit"]!.GetValue<string>());
        Assert.Empty(metadata["templates"]![4]!["params"]!.AsArray());
        Assert.Equal("""[{"display_text":"Repositories","kind":"doublestar","decorations":["repoMatches","repoExcludes"]}]""", metadata["scope_selectors"]!.ToJsonString());
        Assert.Equal("""[{"display_text":"Tags","kind":"doublestar","decorations":["matches","excludes"]}]""", metadata["tag_selectors"]!.ToJsonString());
        await OciAssert.ErrorAsync(await anonymous.GetAsync(P + "/metadatas"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Create_get_update_delete_round_trip_in_Harbors_json_keeps_retention_id()
    {
        var (admin, project, projectId) = await ProjectAsync();
        using var _ = admin;

        var id = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId, rules: HarborRetentions.Rule(tags: "v*", repositories: "app")));
        var stored = await HarborRetentions.GetAsync(admin, id);

        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), await RetentionIdAsync(admin, project));
        Assert.Equal(id, stored["id"]!.GetValue<long>());
        Assert.Equal("or", stored["algorithm"]!.GetValue<string>());
        Assert.Equal($$"""{"level":"project","ref":{{projectId}}}""", stored["scope"]!.ToJsonString());
        Assert.Equal("""{"kind":"Schedule","settings":{"cron":""},"references":{}}""", stored["trigger"]!.ToJsonString());
        var rule = Assert.Single(stored["rules"]!.AsArray())!;
        Assert.Equal("latestPushedK", rule["template"]!.GetValue<string>());
        Assert.Equal("""{"latestPushedK":10}""", rule["params"]!.ToJsonString());
        Assert.Equal("""[{"kind":"doublestar","decoration":"matches","pattern":"v*","extras":null}]""", rule["tag_selectors"]!.ToJsonString());
        Assert.Equal("""{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"app","extras":null}]}""", rule["scope_selectors"]!.ToJsonString());

        var changed = HarborRetentions.Policy(
            projectId, rules: [HarborRetentions.Rule("nDaysSinceLastPush", 7, "**", "**"), HarborRetentions.Rule("always", null, "release-*", "**")]);
        changed["id"] = id;
        using (var put = await admin.SendAsync(HttpMethod.Put, $"{P}/{id}", HarborProjects.Json(changed.ToJsonString())))
        {
            OciAssert.Status(put, HttpStatusCode.OK);
        }

        var updated = await HarborRetentions.GetAsync(admin, id);
        Assert.Equal(["nDaysSinceLastPush", "always"], updated["rules"]!.AsArray().Select(r => r!["template"]!.GetValue<string>()));
        Assert.Equal("""{"nDaysSinceLastPush":7}""", updated["rules"]![0]!["params"]!.ToJsonString());
        Assert.Equal("{}", updated["rules"]![1]!["params"]!.ToJsonString());

        using (var deleted = await admin.DeleteAsync($"{P}/{id}"))
        {
            OciAssert.Status(deleted, HttpStatusCode.OK);
        }

        await OciAssert.ErrorAsync(await admin.GetAsync($"{P}/{id}"), HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Null(await RetentionIdAsync(admin, project));
        var again = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId));
        Assert.NotEqual(id, again);
    }

    public static TheoryData<string, string> BadPolicies => new()
    {
        { """{"template":"latestPushedX"}""", "unknown template 'latestPushedX'" },
        { """{"params":{}}""", "missing required parameter latestPushedK" },
        { """{"params":{"latestPushedK":-1}}""", "latestPushedK must be an integer from 0 to 32766" },
        { """{"params":{"latestPushedK":40000}}""", "latestPushedK must be an integer from 0 to 32766" },
        { """{"params":{"latestPushedK":true}}""", "params.latestPushedK must be an integer" },
        { """{"action":"delete"}""", "action 'delete' is not supported" },
        { """{"tag_selectors":[{"kind":"regex","decoration":"matches","pattern":"v.*"}]}""", "unknown selector kind 'regex'" },
        { """{"tag_selectors":[{"kind":"doublestar","decoration":"repoMatches","pattern":"v*"}]}""", "decoration 'repoMatches' is not one of matches, excludes" },
        { """{"tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v[1"}]}""", "invalid pattern 'v[1'" },
        { """{"tag_selectors":[]}""", "tag_selectors must name at least one selector" },
        { """{"tag_selectors":[null]}""", "tag_selectors[0] must be a selector object" },
        { """{"scope_selectors":{"namespace":[]}}""", "scope_selectors.namespace is not supported" },
        { """{"scope_selectors":{"repository":[{"kind":"doublestar","decoration":"matches","pattern":"**"}]}}""", "decoration 'matches' is not one of repoMatches, repoExcludes" },
        { """{"tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v*","extras":"untagged"}]}""", "extras must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public async Task Create_with_a_bad_rule_is_400_naming_the_problem_and_stores_nothing(string ruleChange, string message)
    {
        var (admin, project, projectId) = await ProjectAsync();
        using var _ = admin;
        var rule = HarborRetentions.Rule();
        foreach (var (key, value) in JsonNode.Parse(ruleChange)!.AsObject())
        {
            rule[key] = value?.DeepClone();
        }

        var error = await OciAssert.ErrorAsync(await HarborRetentions.PostAsync(admin, HarborRetentions.Policy(projectId, rules: rule)), HttpStatusCode.BadRequest, "BAD_REQUEST");

        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Null(await RetentionIdAsync(admin, project));
    }

    [Fact]
    public async Task Create_with_a_bad_policy_is_refused_with_Harbors_codes_and_stores_nothing()
    {
        var (admin, project, projectId) = await ProjectAsync();
        using var _ = admin;
        async Task<string> RefusedAsync(JsonNode policy, HttpStatusCode status, string code) =>
            await OciAssert.ErrorAsync(await HarborRetentions.PostAsync(admin, policy), status, code);
        JsonObject With(string key, JsonNode? value)
        {
            var policy = HarborRetentions.Policy(projectId);
            policy[key] = value;
            return policy;
        }

        Assert.Contains("invalid cron string", await RefusedAsync(HarborRetentions.Policy(projectId, "every day"), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("must be a string", await RefusedAsync(With("trigger", JsonNode.Parse("""{"kind":"Schedule","settings":{"cron":5}}""")), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("trigger.settings.cron is required", await RefusedAsync(With("trigger", JsonNode.Parse("""{"kind":"Schedule"}""")), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("trigger is required", await RefusedAsync(With("trigger", null), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("algorithm 'and'", await RefusedAsync(With("algorithm", "and"), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("scope level 'system'", await RefusedAsync(With("scope", JsonNode.Parse("""{"level":"system","ref":0}""")), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("invalid Project id 987654321", await RefusedAsync(With("scope", JsonNode.Parse("""{"level":"project","ref":987654321}""")), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("scope is required", await RefusedAsync(With("scope", null), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("only 15 rules", await RefusedAsync(
            HarborRetentions.Policy(projectId, rules: [.. Enumerable.Range(1, 16).Select(i => HarborRetentions.Rule(count: i))]), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        Assert.Contains("rule 1 is conflict with rule 0", await RefusedAsync(
            HarborRetentions.Policy(projectId, rules: [HarborRetentions.Rule(), HarborRetentions.Rule()]), HttpStatusCode.Conflict, "CONFLICT"), StringComparison.Ordinal);
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, P, HarborProjects.Json("{\"algorithm\":")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, P, HarborProjects.Json("{\"rules\":{}}")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Null(await RetentionIdAsync(admin, project));

        var id = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId));
        var before = (await HarborRetentions.GetAsync(admin, id)).ToJsonString();
        Assert.Contains($"already has retention policy {id}", await RefusedAsync(
            HarborRetentions.Policy(projectId, rules: HarborRetentions.Rule(count: 3)), HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        var badUpdate = HarborRetentions.Policy(projectId, rules: HarborRetentions.Rule(template: "nope"));
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"{P}/{id}", HarborProjects.Json(badUpdate.ToJsonString())), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Put, $"{P}/{id}", HarborProjects.Json(HarborRetentions.Policy(projectId + 100000).ToJsonString())), HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(before, (await HarborRetentions.GetAsync(admin, id)).ToJsonString());
        await OciAssert.ErrorAsync(await admin.GetAsync($"{P}/0"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{P}/987654321"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Admins_maintainers_and_developers_manage_policies_guests_may_not_and_anonymous_gets_401()
    {
        var (admin, project, projectId) = await ProjectAsync();
        using var _ = admin;
        var names = new Dictionary<int, string> { [1] = "pa", [4] = "ma", [2] = "de", [3] = "gu", [5] = "lg" };
        var clients = new Dictionary<int, RegistryClient>();
        foreach (var (role, prefix) in names)
        {
            var name = prefix + Guid.NewGuid().ToString("N")[..10];
            clients[role] = await factory.NewUserAsync(name);
            await HarborMembers.AddUserAsync(admin, project, name, role);
        }

        using var outsider = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();
        try
        {
            foreach (var role in new[] { 1, 4, 2 })
            {
                var id = await HarborRetentions.CreateAsync(clients[role], HarborRetentions.Policy(projectId));
                Assert.Equal(id, (await HarborRetentions.GetAsync(clients[role], id))["id"]!.GetValue<long>());
                var executionId = await HarborRetentions.StartAsync(clients[role], id, dryRun: true);
                Assert.Equal("Success", (await HarborRetentions.WaitAsync(clients[role], id, executionId))["status"]!.GetValue<string>());
                using var deleted = await clients[role].DeleteAsync($"{P}/{id}");
                OciAssert.Status(deleted, HttpStatusCode.OK);
            }

            var kept = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId));
            foreach (var refused in new[] { clients[3], clients[5], outsider })
            {
                await OciAssert.ErrorAsync(await HarborRetentions.PostAsync(refused, HarborRetentions.Policy(projectId)), HttpStatusCode.Forbidden, "FORBIDDEN");
                await OciAssert.ErrorAsync(await refused.GetAsync($"{P}/{kept}"), HttpStatusCode.Forbidden, "FORBIDDEN");
                await OciAssert.ErrorAsync(await refused.GetAsync($"{P}/{kept}/executions"), HttpStatusCode.Forbidden, "FORBIDDEN");
                await OciAssert.ErrorAsync(
                    await refused.SendAsync(HttpMethod.Post, $"{P}/{kept}/executions", HarborProjects.Json("{\"dry_run\":true}")), HttpStatusCode.Forbidden, "FORBIDDEN");
                await OciAssert.ErrorAsync(await refused.DeleteAsync($"{P}/{kept}"), HttpStatusCode.Forbidden, "FORBIDDEN");
            }

            await OciAssert.ErrorAsync(await HarborRetentions.PostAsync(anonymous, HarborRetentions.Policy(projectId)), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            await OciAssert.ErrorAsync(await anonymous.GetAsync($"{P}/{kept}"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            await OciAssert.ErrorAsync(await anonymous.DeleteAsync($"{P}/{kept}"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Equal(kept, (await HarborRetentions.GetAsync(admin, kept))["id"]!.GetValue<long>());
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Executions_of_a_project_without_repositories_succeed_with_no_tasks_newest_first()
    {
        var (admin, _, projectId) = await ProjectAsync();
        using var __ = admin;
        var id = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId));

        var dry = await HarborRetentions.StartAsync(admin, id, dryRun: true);
        var dryDone = await HarborRetentions.WaitAsync(admin, id, dry);
        var real = await HarborRetentions.StartAsync(admin, id, dryRun: false);
        await HarborRetentions.WaitAsync(admin, id, real);

        using var response = await admin.GetAsync($"{P}/{id}/executions?page=1&page_size=1");
        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("2", OciAssert.Header(response, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(response, "Link"), StringComparison.Ordinal);
        var newest = Assert.Single((await RegistryClient.JsonAsync(response)).AsArray())!;
        Assert.Equal(real, newest["id"]!.GetValue<long>());
        Assert.False(newest["dry_run"]!.GetValue<bool>());
        Assert.Equal((id, "Success", "Manual", true), (dryDone["policy_id"]!.GetValue<long>(), dryDone["status"]!.GetValue<string>(), dryDone["trigger"]!.GetValue<string>(), dryDone["dry_run"]!.GetValue<bool>()));
        Assert.True(dryDone["end_time"]!.GetValue<DateTime>() >= dryDone["start_time"]!.GetValue<DateTime>());
        Assert.Empty(await HarborRetentions.TasksAsync(admin, id, dry));
    }

    [Fact]
    public async Task Execution_requests_with_bad_ids_or_actions_are_refused()
    {
        var (admin, _, projectId) = await ProjectAsync();
        using var __ = admin;
        var (other, _, otherProjectId) = await ProjectAsync();
        using var ___ = other;
        var id = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(projectId));
        var otherId = await HarborRetentions.CreateAsync(admin, HarborRetentions.Policy(otherProjectId));
        var execution = await HarborRetentions.StartAsync(admin, id, dryRun: true);
        await HarborRetentions.WaitAsync(admin, id, execution);

        await OciAssert.ErrorAsync(
            await admin.SendAsync(HttpMethod.Patch, $"{P}/{id}/executions/{execution}", HarborProjects.Json("{\"action\":\"pause\"}")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(
            await admin.SendAsync(HttpMethod.Patch, $"{P}/{otherId}/executions/{execution}", HarborProjects.Json("{\"action\":\"stop\"}")), HttpStatusCode.NotFound, "NOT_FOUND");
        using (var stopped = await admin.SendAsync(HttpMethod.Patch, $"{P}/{id}/executions/{execution}", HarborProjects.Json("{\"action\":\"stop\"}")))
        {
            OciAssert.Status(stopped, HttpStatusCode.OK);
        }

        await OciAssert.ErrorAsync(await admin.GetAsync($"{P}/{otherId}/executions/{execution}/tasks"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{P}/{id}/executions/abc/tasks"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{P}/{id}/executions/{execution}/tasks/987654321"), HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(await admin.GetAsync($"{P}/{id}/executions?page_size=500"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.SendAsync(HttpMethod.Post, $"{P}/{id}/executions", HarborProjects.Json("{\"dry_run\":\"yes\"}")), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(
            await admin.SendAsync(HttpMethod.Post, $"{P}/987654321/executions", HarborProjects.Json("{\"dry_run\":true}")), HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("Success", (await HarborRetentions.WaitAsync(admin, id, execution))["status"]!.GetValue<string>());
    }
}
