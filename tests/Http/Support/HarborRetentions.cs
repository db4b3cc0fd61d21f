using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Harbor's <c>/api/v2.0/retentions</c> from a test's side: policy JSON, create, read, run and wait.</summary>
public static class HarborRetentions
{
    public const string Path = "/api/v2.0/retentions";

    /// <summary>A rule in Harbor's JSON: template and parameter, tag pattern, repository pattern.</summary>
    public static JsonObject Rule(
        string template = "latestPushedK", int? count = 10, string tags = "**", string repositories = "**", string tagDecoration = "matches",
        string repoDecoration = "repoMatches") =>
        new()
        {
            ["disabled"] = false,
            ["action"] = "retain",
            ["template"] = template,
            ["params"] = count is null ? new JsonObject() : new JsonObject { [template] = count.Value },
            ["tag_selectors"] = new JsonArray(new JsonObject { ["kind"] = "doublestar", ["decoration"] = tagDecoration, ["pattern"] = tags, }),
            ["scope_selectors"] = new JsonObject
            {
                ["repository"] = new JsonArray(new JsonObject { ["kind"] = "doublestar", ["decoration"] = repoDecoration, ["pattern"] = repositories }),
            },
        };

    /// <summary>A policy as Harbor's portal sends it, scoped to project <paramref name="projectId"/>.</summary>
    public static JsonObject Policy(long projectId, string cron = "", params JsonObject[] rules) =>
        new()
        {
            ["algorithm"] = "or",
            ["rules"] = new JsonArray([.. (rules.Length == 0 ? [Rule()] : rules)]),
            ["trigger"] = new JsonObject { ["kind"] = "Schedule", ["settings"] = new JsonObject { ["cron"] = cron }, ["references"] = new JsonObject() },
            ["scope"] = new JsonObject { ["level"] = "project", ["ref"] = projectId },
        };

    public static Task<HttpResponseMessage> PostAsync(RegistryClient client, JsonNode policy) =>
        client.SendAsync(HttpMethod.Post, Path, HarborProjects.Json(policy.ToJsonString()));

    /// <summary>Creates the policy, asserting 201 and Location; answers its id.</summary>
    public static async Task<long> CreateAsync(RegistryClient client, JsonNode policy)
    {
        using var response = await PostAsync(client, policy);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"retention POST got {(int)response.StatusCode}: {body}");
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Path + "/", location, StringComparison.Ordinal);
        return long.Parse(location[(Path.Length + 1)..], CultureInfo.InvariantCulture);
    }

    public static async Task<JsonNode> GetAsync(RegistryClient client, long id)
    {
        using var response = await client.GetAsync($"{Path}/{id}");
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    /// <summary>Starts an execution, asserting 201 and Location; answers its id.</summary>
    public static async Task<long> StartAsync(RegistryClient client, long id, bool dryRun)
    {
        using var response = await client.SendAsync(HttpMethod.Post, $"{Path}/{id}/executions", HarborProjects.Json($"{{\"dry_run\":{(dryRun ? "true" : "false")}}}"));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"execution POST got {(int)response.StatusCode}: {body}");
        var prefix = $"{Path}/{id}/executions/";
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(prefix, location, StringComparison.Ordinal);
        return long.Parse(location[prefix.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>The execution once it has a final status (polled; the run goes on after the start call answers).</summary>
    public static async Task<JsonNode> WaitAsync(RegistryClient client, long id, long executionId)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await client.GetAsync($"{Path}/{id}/executions?page_size=100");
            OciAssert.Status(response, HttpStatusCode.OK);
            var execution = (await RegistryClient.JsonAsync(response)).AsArray().Single(e => e!["id"]!.GetValue<long>() == executionId)!;
            if (execution["status"]!.GetValue<string>() is "Success" or "Error" or "Stopped")
            {
                return execution;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"execution {executionId} of retention policy {id} did not finish in a minute");
    }

    public static async Task<JsonArray> TasksAsync(RegistryClient client, long id, long executionId)
    {
        using var response = await client.GetAsync($"{Path}/{id}/executions/{executionId}/tasks?page_size=100");
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).AsArray();
    }

    public static async Task<string> LogAsync(RegistryClient client, long id, long executionId, long taskId)
    {
        using var response = await client.GetAsync($"{Path}/{id}/executions/{executionId}/tasks/{taskId}");
        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }
}
