using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// GC runs through Harbor's API: a Manual schedule starts a run (201 with its Location), the run shows in the history
/// (newest first, paged) and by id until it reports Success, with its log as text; unknown ids answer 404.
/// </summary>
public sealed class HarborGcRunTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string RunPrefix = "/api/v2.0/system/gc/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a Manual run, answers its id from the Location header.</summary>
    private static async Task<long> StartAsync(RegistryClient admin, string parameters = "{}")
    {
        using var response = await HarborGc.PostScheduleAsync(admin, "Manual", null, parameters);
        OciAssert.Status(response, HttpStatusCode.Created);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(RunPrefix, location, StringComparison.Ordinal);
        return long.Parse(location[RunPrefix.Length..], CultureInfo.InvariantCulture);
    }

    private static async Task<JsonNode> RunAsync(RegistryClient admin, long id)
    {
        using var response = await admin.GetAsync(RunPrefix + id.ToString(CultureInfo.InvariantCulture));
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    /// <summary>The run once it has finished (any status but Pending and Running).</summary>
    private static async Task<JsonNode> FinishedAsync(RegistryClient admin, long id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var run = await RunAsync(admin, id);
            if (run["job_status"]!.GetValue<string>() is not ("Pending" or "Running"))
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }

    [Fact]
    public async Task Manual_answers_201_with_the_runs_location_and_the_run_ends_in_success_with_a_log()
    {
        using var admin = factory.Admin();

        var id = await StartAsync(admin, """{"delete_untagged":true,"dry_run":true,"workers":2}""");
        var run = await FinishedAsync(admin, id);

        Assert.Equal("Success", run["job_status"]!.GetValue<string>());
        Assert.Equal(id, run["id"]!.GetValue<long>());
        Assert.Equal("GARBAGE_COLLECTION", run["job_name"]!.GetValue<string>());
        Assert.Equal("MANUAL", run["job_kind"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"delete_untagged":true,"dry_run":true,"workers":2}"""), JsonNode.Parse(run["job_parameters"]!.GetValue<string>())));
        Assert.Equal("Manual", run["schedule"]!["type"]!.GetValue<string>());
        Assert.False(run["deleted"]!.GetValue<bool>());
        Assert.True(run["update_time"]!.GetValue<DateTime>() >= run["creation_time"]!.GetValue<DateTime>());

        using var log = await admin.GetAsync($"{RunPrefix}{id}/log");
        OciAssert.Status(log, HttpStatusCode.OK);
        Assert.Equal("text/plain", log.Content.Headers.ContentType!.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(await log.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Put_of_manual_starts_a_run_and_answers_200()
    {
        using var admin = factory.Admin();
        var before = await LatestIdAsync(admin);

        using var response = await HarborGc.PutScheduleAsync(admin, "Manual");

        OciAssert.Status(response, HttpStatusCode.OK);
        var latest = await LatestIdAsync(admin);
        Assert.True(latest > before);
        await FinishedAsync(admin, latest);
    }

    [Fact]
    public async Task History_lists_runs_newest_first_in_pages()
    {
        using var admin = factory.Admin();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var id = await StartAsync(admin);
            await FinishedAsync(admin, id);
            ids.Add(id);
        }

        using var first = await admin.GetAsync("/api/v2.0/system/gc?page=1&page_size=2");
        OciAssert.Status(first, HttpStatusCode.OK);
        var total = long.Parse(OciAssert.Header(first, "X-Total-Count"), CultureInfo.InvariantCulture);
        Assert.True(total >= 3);
        Assert.Contains("rel=\"next\"", OciAssert.Header(first, "Link"), StringComparison.Ordinal);
        var page1 = (await RegistryClient.JsonAsync(first)).AsArray().Select(r => r!["id"]!.GetValue<long>()).ToList();
        Assert.Equal([ids[2], ids[1]], page1);

        using var second = await admin.GetAsync("/api/v2.0/system/gc?page=2&page_size=2");
        var page2 = (await RegistryClient.JsonAsync(second)).AsArray().Select(r => r!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids[0], page2[0]);
        Assert.Contains("rel=\"prev\"", OciAssert.Header(second, "Link"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_a_finished_run_answers_200_and_leaves_it_as_it_was()
    {
        using var admin = factory.Admin();
        var id = await StartAsync(admin);
        var finished = await FinishedAsync(admin, id);

        using var response = await admin.SendAsync(HttpMethod.Put, $"{RunPrefix}{id}", HarborGc.Json("""{"action":"stop"}"""));

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(finished["job_status"]!.GetValue<string>(), (await RunAsync(admin, id))["job_status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/api/v2.0/system/gc/999999")]
    [InlineData("GET", "/api/v2.0/system/gc/999999/log")]
    [InlineData("PUT", "/api/v2.0/system/gc/999999")]
    public async Task Unknown_ids_answer_404(string method, string path)
    {
        using var admin = factory.Admin();

        using var response = await admin.SendAsync(new HttpMethod(method), path, method == "PUT" ? HarborGc.Json("""{"action":"stop"}""") : null);

        Assert.Contains("999999", await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND"), StringComparison.Ordinal);
    }

    private static async Task<long> LatestIdAsync(RegistryClient admin)
    {
        using var response = await admin.GetAsync("/api/v2.0/system/gc?page_size=1");
        OciAssert.Status(response, HttpStatusCode.OK);
        var items = (await RegistryClient.JsonAsync(response)).AsArray();
        return items.Count == 0 ? 0 : items[0]!["id"]!.GetValue<long>();
    }
}
