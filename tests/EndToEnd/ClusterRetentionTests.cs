using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>The local cluster with retention's per-repository summaries logged, so a test can see which silo ran each pass.</summary>
public sealed class RetentionLocalCluster() : LocalCluster(new Dictionary<string, string> { ["Logging__LogLevel__ArtifactKeeper.Retention"] = "Information" });

/// <summary>
/// Tag retention in cluster mode (PostgreSQL, s3rver, two silos, two gateways): one policy over many repositories is
/// evaluated repository by repository on the repository grains, wherever the cluster placed them; every repository is
/// evaluated exactly once per execution, the outcome is exact, and every deletion is audited.
/// </summary>
public sealed class ClusterRetentionTests(RetentionLocalCluster cluster) : IClassFixture<RetentionLocalCluster>
{
    private const int Repositories = 20;
    private const int TagsPerRepository = 4;
    private const int Kept = 2;
    private const string RetentionsPath = "api/v2.0/retentions";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Tag(int i) => "t" + i.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_policy_over_twenty_repositories_evaluates_each_exactly_once_across_the_silos_exactly_and_audited()
    {
        var output = TestContext.Current.TestOutputHelper;
        using var a = new RegistryHttpClient(cluster.Gateways[0], cluster.AdminCredentials);
        using var b = new RegistryHttpClient(cluster.Gateways[1], cluster.AdminCredentials);
        var project = "ret" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await a.Http.PostAsync(
            new Uri("api/v2.0/projects", UriKind.Relative), JsonContent.Create(new { project_name = project, metadata = new { @public = "false" } }), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var projectId = (long)JsonNode.Parse(await a.Http.GetStringAsync(new Uri($"api/v2.0/projects/{project}", UriKind.Relative), Ct))!["project_id"]!;
        var repositories = Enumerable.Range(0, Repositories).Select(i => $"{project}/r{i:D2}").ToList();
        var digests = new Dictionary<(string Repository, string Tag), string>();
        foreach (var (repository, index) in repositories.Select((r, i) => (r, i)))
        {
            var client = index % 2 == 0 ? a : b;
            foreach (var (tag, digest) in await PushTagsAsync(client, repository))
            {
                digests[(repository, tag)] = digest;
            }
        }

        var policy = new JsonObject
        {
            ["algorithm"] = "or",
            ["rules"] = new JsonArray(new JsonObject
            {
                ["disabled"] = false,
                ["action"] = "retain",
                ["template"] = "latestPushedK",
                ["params"] = new JsonObject { ["latestPushedK"] = Kept },
                ["tag_selectors"] = new JsonArray(new JsonObject { ["kind"] = "doublestar", ["decoration"] = "matches", ["pattern"] = "**" }),
                ["scope_selectors"] = new JsonObject
                {
                    ["repository"] = new JsonArray(new JsonObject { ["kind"] = "doublestar", ["decoration"] = "repoMatches", ["pattern"] = "r*" }),
                },
            }),
            ["trigger"] = new JsonObject { ["kind"] = "Schedule", ["settings"] = new JsonObject { ["cron"] = "" }, ["references"] = new JsonObject() },
            ["scope"] = new JsonObject { ["level"] = "project", ["ref"] = projectId },
        };
        long policyId;
        using (var response = await a.Http.PostAsJsonAsync(new Uri(RetentionsPath, UriKind.Relative), policy, Ct))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
            policyId = long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        }

        var dry = await RunAsync(a, policyId, dryRun: true);
        var real = await RunAsync(b, policyId, dryRun: false);

        // One task per repository in each execution, each Success with the exact totals; the dry run said the same.
        foreach (var execution in new[] { dry, real })
        {
            var tasks = await TasksAsync(a, policyId, execution);
            Assert.Equal(
                repositories.Select(r => (r, "Success", TagsPerRepository, Kept)),
                tasks.Select(t => ((string)t!["repository"]!, (string)t["status"]!, (int)t["total"]!, (int)t["retained"]!)).Order());
        }

        // Each repository's pass ran once, on whichever silo hosts its grain: its summary is in exactly one silo's log.
        var logs = Enumerable.Range(1, 2).Select(n => (Silo: n, Log: cluster.LogOf($"silo-{n}"))).ToList();
        var ranOn = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var repository in repositories)
        {
            var summary = $"Retention {real} {repository} (";
            var hosts = logs.Select(l => (l.Silo, Count: Occurrences(l.Log, summary))).Where(h => h.Count > 0).ToList();
            Assert.True(hosts is [{ Count: 1 }], $"{repository}: summary found {string.Join(", ", hosts.Select(h => $"{h.Count}x on silo {h.Silo}"))}");
            ranOn[repository] = hosts[0].Silo;
        }

        output?.WriteLine($"passes per silo: {string.Join(", ", ranOn.GroupBy(p => p.Value).OrderBy(g => g.Key).Select(g => $"silo {g.Key}: {g.Count()}"))}");

        // Exactly the oldest tags went, through both gateways' eyes.
        foreach (var repository in repositories)
        {
            var tags = JsonNode.Parse(await b.Http.GetStringAsync(new Uri($"v2/{repository}/tags/list", UriKind.Relative), Ct))!["tags"]!.AsArray();
            Assert.Equal(Enumerable.Range(TagsPerRepository - Kept + 1, Kept).Select(Tag), tags.Select(t => (string)t!).Order(StringComparer.Ordinal));
        }

        // Every deletion is in the audit log, as user retention, once.
        var audited = JsonNode.Parse(await a.Http.GetStringAsync(
            new Uri($"api/v2.0/audit-logs?q=username%3Dretention,project_id%3D{projectId}&page_size=100", UriKind.Relative), Ct))!.AsArray();
        Assert.Equal(
            repositories.SelectMany(r => Enumerable.Range(1, TagsPerRepository - Kept).Select(i => $"{r}@{digests[(r, Tag(i))]}")).Order(StringComparer.Ordinal),
            audited.Select(e => (string)e!["resource"]!).Order(StringComparer.Ordinal));
        Assert.All(audited, e => Assert.Equal(("delete", "artifact"), ((string?)e!["operation"], (string?)e["resource_type"])));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Tags t1..t4, each its own manifest over one config and layer, pushed in that order; answers their digests.</summary>
    private static async Task<List<(string Tag, string Digest)>> PushTagsAsync(RegistryHttpClient client, string repository)
    {
        var image = TestImage.Create(fileSize: 256);
        foreach (var blob in image.Blobs)
        {
            await client.PushBlobAsync(repository, blob, Ct);
        }

        var pushed = new List<(string, string)>();
        for (var i = 1; i <= TagsPerRepository; i++)
        {
            var manifest = JsonNode.Parse(image.Manifest.Content)!.AsObject();
            manifest["annotations"] = new JsonObject { ["org.opencontainers.image.revision"] = Tag(i) };
            var blob = OciBlob.Of(OciMediaTypes.ImageManifest, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
            using var response = await client.PutManifestAsync(repository, Tag(i), blob, Ct);
            pushed.Add((Tag(i), blob.Descriptor.Digest));
        }

        return pushed;
    }

    /// <summary>Starts an execution, waits for it to end Success, answers its id.</summary>
    private async Task<long> RunAsync(RegistryHttpClient client, long policyId, bool dryRun)
    {
        long id;
        using (var started = await client.Http.PostAsJsonAsync(new Uri($"{RetentionsPath}/{policyId}/executions", UriKind.Relative), new { dry_run = dryRun }, Ct))
        {
            Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync(Ct));
            id = long.Parse(started.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        while (true)
        {
            var executions = JsonNode.Parse(await client.Http.GetStringAsync(
                new Uri($"{RetentionsPath}/{policyId}/executions?page_size=100", UriKind.Relative), timeout.Token))!.AsArray();
            var status = (string)executions.Single(e => (long)e!["id"]! == id)!["status"]!;
            if (status is "Success" or "Error" or "Stopped")
            {
                Assert.True(status == "Success", $"execution {id} ended {status}\n{cluster.Logs()}");
                return id;
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    private static async Task<JsonArray> TasksAsync(RegistryHttpClient client, long policyId, long executionId) =>
        JsonNode.Parse(await client.Http.GetStringAsync(
            new Uri($"{RetentionsPath}/{policyId}/executions/{executionId}/tasks?page_size=100", UriKind.Relative), Ct))!.AsArray();
}
