using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.Bench.Gc;

/// <summary>
/// Drives retention through Harbor's API: POST /api/v2.0/retentions (one policy on the project: keep the latest K tags
/// matching v* in every repository), POST …/{id}/executions {"dry_run":…} (201 + Location), then polls the execution
/// list until the execution has a final status and sums its tasks.
/// </summary>
internal sealed class RetentionRun(HttpClient http)
{
    private static readonly string[] Final = ["Success", "Error", "Stopped", "Failed", "Succeed"];

    public async Task<long> CreatePolicyAsync(long projectId, int keep, CancellationToken cancellationToken)
    {
        var policy = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"algorithm":"or","rules":[{"disabled":false,"action":"retain","template":"latestPushedK","params":{"latestPushedK":{{{keep}}}},
             "tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v*"}],
             "scope_selectors":{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"**"}]}}],
             "trigger":{"kind":"Schedule","settings":{"cron":""},"references":{}},"scope":{"level":"project","ref":{{{projectId}}}}}
            """);
        return await PostAsync("api/v2.0/retentions", policy, cancellationToken);
    }

    /// <summary>Runs one execution to its end; the wall time runs from the POST to the poll (every 50 ms) that saw it end.</summary>
    public async Task<RetentionFigures> ExecuteAsync(long policyId, bool dryRun, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var executionId = await PostAsync($"api/v2.0/retentions/{policyId}/executions", dryRun ? """{"dry_run":true}""" : """{"dry_run":false}""", cancellationToken);
        JsonElement execution;
        while (true)
        {
            execution = await FindExecutionAsync(policyId, executionId, cancellationToken);
            if (Final.Contains(execution.GetProperty("status").GetString(), StringComparer.Ordinal))
            {
                break;
            }

            await Task.Delay(50, cancellationToken);
        }

        var elapsed = wall.Elapsed;
        long tasks = 0, total = 0, retained = 0;
        for (var page = 1; ; page++)
        {
            var json = await http.GetStringAsync(new Uri($"api/v2.0/retentions/{policyId}/executions/{executionId}/tasks?page={page}&page_size=100", UriKind.Relative), cancellationToken);
            using var document = JsonDocument.Parse(json);
            var items = document.RootElement.EnumerateArray().ToList();
            tasks += items.Count;
            total += items.Sum(t => t.GetProperty("total").GetInt64());
            retained += items.Sum(t => t.GetProperty("retained").GetInt64());
            if (items.Count < 100)
            {
                break;
            }
        }

        var recorded = execution.GetProperty("end_time").GetDateTime() - execution.GetProperty("start_time").GetDateTime();
        return new RetentionFigures(executionId, execution.GetProperty("status").GetString() ?? string.Empty, elapsed, recorded, tasks, total, retained);
    }

    private async Task<JsonElement> FindExecutionAsync(long policyId, long executionId, CancellationToken cancellationToken)
    {
        var json = await http.GetStringAsync(new Uri($"api/v2.0/retentions/{policyId}/executions?page_size=10", UriKind.Relative), cancellationToken);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetInt64() == executionId).Clone();
    }

    private async Task<long> PostAsync(string path, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created || response.Headers.Location is null)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return long.Parse(response.Headers.Location.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
    }
}

/// <summary>One execution's figures: wall time seen by the client, the recorded start-to-end time, and its tasks' sums.</summary>
internal sealed record RetentionFigures(long Id, string Status, TimeSpan Wall, TimeSpan Recorded, long Tasks, long Total, long Retained)
{
    public IEnumerable<string> Lines() =>
    [
        $"execution_id={Id.ToString(CultureInfo.InvariantCulture)}",
        $"status={Status}",
        $"wall_ms={((long)Wall.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}",
        $"recorded_ms={((long)Recorded.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}",
        $"tasks={Tasks.ToString(CultureInfo.InvariantCulture)}",
        $"total={Total.ToString(CultureInfo.InvariantCulture)}",
        $"retained={Retained.ToString(CultureInfo.InvariantCulture)}",
    ];
}
