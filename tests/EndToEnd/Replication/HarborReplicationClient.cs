using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>
/// Harbor's v2.0 API for registries, projects, replication policies, executions and tasks, as a system admin of
/// one <see cref="RegistryServer"/>. Bodies are Harbor's JSON field for field (swagger api/v2.0/swagger.yaml).
/// </summary>
public sealed class HarborReplicationClient : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly HttpClient _http;
    private readonly Func<string> _serverLog;

    /// <summary>A client logged in as <c>admin</c> of <paramref name="server"/>.</summary>
    public HarborReplicationClient(RegistryServer server)
        : this(server.BaseAddress, server.AdminCredentials, () => server.Log)
    {
    }

    /// <summary>A client of the gateway at <paramref name="baseAddress"/> sending <paramref name="adminCredentials"/> (user:password).</summary>
    public HarborReplicationClient(Uri baseAddress, string adminCredentials, Func<string>? serverLog = null)
    {
        _serverLog = serverLog ?? (() => "(not captured)");
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(adminCredentials)));
    }

    /// <summary>POST /registries (type e.g. docker-registry, artifact-keeper); returns the new id.</summary>
    public Task<long> CreateRegistryAsync(string name, string type, Uri url, string? credentials, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["type"] = type,
            ["url"] = url.GetLeftPart(UriPartial.Authority),
            ["insecure"] = true,
            ["description"] = "loopback peer of the end-to-end tests",
        };
        if (credentials is not null)
        {
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            body["credential"] = new JsonObject
            {
                ["type"] = RegistryCredentialTypes.Basic,
                ["access_key"] = credentials[..colon],
                ["access_secret"] = credentials[(colon + 1)..],
            };
        }

        return CreateAsync("api/v2.0/registries", body, cancellationToken);
    }

    /// <summary>POST /projects, public; a proxy-cache project when <paramref name="registryId"/> is set. Returns the id.</summary>
    public Task<long> CreateProjectAsync(string name, long? registryId, CancellationToken cancellationToken, int? proxySpeedKb = null)
    {
        var metadata = new JsonObject { ["public"] = "true" };
        if (proxySpeedKb is not null)
        {
            metadata["proxy_speed_kb"] = proxySpeedKb.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = new JsonObject
        {
            ["project_name"] = name,
            ["metadata"] = metadata,
        };
        if (registryId is not null)
        {
            body["registry_id"] = registryId.Value;
        }

        return CreateAsync("api/v2.0/projects", body, cancellationToken);
    }

    /// <summary>GET /projects/{name}.</summary>
    public Task<JsonObject> GetProjectAsync(string name, CancellationToken cancellationToken) =>
        GetObjectAsync("api/v2.0/projects/" + name, cancellationToken);

    /// <summary>POST /replication/policies; returns the new id.</summary>
    public Task<long> CreatePolicyAsync(JsonObject policy, CancellationToken cancellationToken) =>
        CreateAsync("api/v2.0/replication/policies", policy, cancellationToken);

    /// <summary>GET /replication/policies/{id}.</summary>
    public Task<JsonObject> GetPolicyAsync(long id, CancellationToken cancellationToken) =>
        GetObjectAsync("api/v2.0/replication/policies/" + Id(id), cancellationToken);

    /// <summary>PUT /replication/policies/{id} with the whole policy.</summary>
    public async Task UpdatePolicyAsync(long id, JsonObject policy, CancellationToken cancellationToken)
    {
        using var response = await SendJsonAsync(HttpMethod.Put, "api/v2.0/replication/policies/" + Id(id), policy, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Turns a policy off (PUT with <c>enabled: false</c>), which also ends its schedule.</summary>
    public async Task DisablePolicyAsync(long id, CancellationToken cancellationToken)
    {
        var policy = await GetPolicyAsync(id, cancellationToken);
        policy["enabled"] = false;
        await UpdatePolicyAsync(id, policy, cancellationToken);
    }

    /// <summary>POST /replication/executions {policy_id}; returns the execution id from Location.</summary>
    public Task<long> StartExecutionAsync(long policyId, CancellationToken cancellationToken) =>
        CreateAsync("api/v2.0/replication/executions", new JsonObject { ["policy_id"] = policyId }, cancellationToken);

    /// <summary>GET /replication/executions/{id}.</summary>
    public Task<JsonObject> GetExecutionAsync(long id, CancellationToken cancellationToken) =>
        GetObjectAsync("api/v2.0/replication/executions/" + Id(id), cancellationToken);

    /// <summary>GET /replication/executions?policy_id= (newest first, one page of 100).</summary>
    public Task<IReadOnlyList<JsonObject>> ListExecutionsAsync(long policyId, CancellationToken cancellationToken) =>
        GetArrayAsync($"api/v2.0/replication/executions?policy_id={Id(policyId)}&page=1&page_size=100", cancellationToken);

    /// <summary>GET /replication/executions/{id}/tasks (one page of 100).</summary>
    public Task<IReadOnlyList<JsonObject>> ListTasksAsync(long executionId, CancellationToken cancellationToken) =>
        GetArrayAsync($"api/v2.0/replication/executions/{Id(executionId)}/tasks?page=1&page_size=100", cancellationToken);

    /// <summary>GET /replication/executions/{id}/tasks/{task_id}/log (text).</summary>
    public async Task<string> GetTaskLogAsync(long executionId, long taskId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(
            new Uri($"api/v2.0/replication/executions/{Id(executionId)}/tasks/{Id(taskId)}/log", UriKind.Relative), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>DELETE /projects/{p}/repositories/{r}/artifacts/{reference} (repository <c>project/rest</c>).</summary>
    public async Task DeleteArtifactAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var project = repository[..slash];

        // Harbor's clients encode the repository twice, so its slashes survive routing.
        var name = Uri.EscapeDataString(Uri.EscapeDataString(repository[(slash + 1)..]));
        using var response = await _http.DeleteAsync(
            new Uri($"api/v2.0/projects/{project}/repositories/{name}/artifacts/{reference}", UriKind.Relative), cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>
    /// Polls the execution until it has ended (Succeed, Failed or Stopped) and returns it; fails the test with the
    /// execution, its tasks, their logs and the server log when it has not ended within <paramref name="limit"/>.
    /// </summary>
    public async Task<JsonObject> WaitForEndAsync(long executionId, TimeSpan limit, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var execution = await GetExecutionAsync(executionId, cancellationToken);
            if (IsEnded(execution))
            {
                return execution;
            }

            if (stopwatch.Elapsed > limit)
            {
                Assert.Fail($"execution {executionId} did not end within {limit.TotalSeconds:0} s.\n{await DescribeAsync(executionId, cancellationToken)}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Waits for the execution to end and asserts it and every one of its tasks succeeded; returns the tasks.</summary>
    public async Task<IReadOnlyList<JsonObject>> AssertSucceedsAsync(long executionId, TimeSpan limit, CancellationToken cancellationToken)
    {
        var execution = await WaitForEndAsync(executionId, limit, cancellationToken);
        var tasks = await ListTasksAsync(executionId, cancellationToken);
        if ((string?)execution["status"] != ReplicationStatuses.Succeed
            || tasks.Any(t => (string?)t["status"] != ReplicationStatuses.Succeed))
        {
            Assert.Fail($"execution {executionId} did not succeed whole.\n{await DescribeAsync(executionId, cancellationToken)}");
        }

        return tasks;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the server log after <paramref name="limit"/>.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > limit)
            {
                Assert.Fail($"{what}: not within {limit.TotalSeconds:0} s.\n--- server log ---\n{_serverLog()}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>The execution, its tasks and their logs, for failure messages.</summary>
    public async Task<string> DescribeAsync(long executionId, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine("--- execution ---").AppendLine((await GetExecutionAsync(executionId, cancellationToken)).ToJsonString());
        foreach (var task in await ListTasksAsync(executionId, cancellationToken))
        {
            text.AppendLine("--- task ---").AppendLine(task.ToJsonString());
            var taskId = (long?)task["id"];
            if (taskId is not null)
            {
                text.AppendLine(await GetTaskLogAsync(executionId, taskId.Value, cancellationToken));
            }
        }

        return text.AppendLine("--- server log ---").Append(_serverLog()).ToString();
    }

    /// <summary>True when the execution reached an end status.</summary>
    public static bool IsEnded(JsonObject execution) =>
        (string?)execution["status"] is ReplicationStatuses.Succeed or ReplicationStatuses.Failed or ReplicationStatuses.Stopped;

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<long> CreateAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await SendJsonAsync(HttpMethod.Post, path, body, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created);
        var location = response.Headers.Location?.ToString()
            ?? throw new InvalidOperationException($"POST {path} answered 201 without Location");
        return long.Parse(location[(location.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
    }

    private async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return await _http.SendAsync(request, cancellationToken);
    }

    private async Task<JsonObject> GetObjectAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
    }

    private async Task<IReadOnlyList<JsonObject>> GetArrayAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK);
        var array = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsArray();
        return array.Select(n => n!.AsObject()).ToList();
    }

    private async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} " +
                        $"(expected {(int)expected}): {body}\n--- server log ---\n{_serverLog()}");
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
