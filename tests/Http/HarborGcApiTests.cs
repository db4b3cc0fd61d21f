using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Gc;
using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's GC schedule API (<c>/api/v2.0/system/gc/schedule</c>) and the checks every GC endpoint shares: system
/// administrators only, Harbor's schedule object validated before anything changes, ids that are positive integers.
/// </summary>
public sealed class HarborGcApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static readonly ScheduledJobKey GcJob = new(IGcGrain.JobKind, IGcGrain.SingletonKey);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/v2.0/system/gc" },
        { "GET", "/api/v2.0/system/gc/1" },
        { "PUT", "/api/v2.0/system/gc/1" },
        { "GET", "/api/v2.0/system/gc/1/log" },
        { "GET", HarborGc.Schedule },
        { "POST", HarborGc.Schedule },
        { "PUT", HarborGc.Schedule },
    };

    private Task<ScheduleEntry?> StoredScheduleAsync() => factory.Services.GetRequiredService<IScheduleMetadata>().GetScheduleAsync(GcJob, Ct);

    private static Task<HttpResponseMessage> SendAsync(RegistryClient client, string method, string path) =>
        client.SendAsync(new HttpMethod(method), path, method == "GET" ? null : HarborGc.ScheduleBody("Daily"));

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_gc_endpoint_answers_401_to_anonymous_callers(string method, string path)
    {
        using var anonymous = factory.Anonymous();
        using var response = await SendAsync(anonymous, method, path);

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_gc_endpoint_answers_401_to_wrong_credentials(string method, string path)
    {
        // A fresh name and address each time, so the login throttle never answers 429 instead.
        var address = $"10.77.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
        using var wrong = factory.Client("nobody" + Guid.NewGuid().ToString("N")[..8], "not-the-password", address);
        using var response = await SendAsync(wrong, method, path);

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_gc_endpoint_answers_403_to_users_who_are_not_system_administrators(string method, string path)
    {
        var before = await StoredScheduleAsync();
        using var user = await factory.NewUserAsync();
        using var response = await SendAsync(user, method, path);

        await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(before, await StoredScheduleAsync());
    }

    [Fact]
    public async Task Put_of_a_daily_schedule_is_stored_and_shown_as_harbor_shows_it()
    {
        using var admin = factory.Admin();

        using (var response = await HarborGc.PutScheduleAsync(admin, "Daily", "0 0 0 * * *", """{"delete_untagged":true,"dry_run":false,"workers":3}"""))
        {
            OciAssert.Status(response, HttpStatusCode.OK);
        }

        var shown = await HarborGc.GetScheduleAsync(admin);
        var stored = await StoredScheduleAsync();
        Assert.NotNull(stored);
        Assert.Equal(("Daily", "0 0 0 * * *"), (stored.Type, stored.Cron));
        Assert.Equal("Daily", shown["schedule"]!["type"]!.GetValue<string>());
        Assert.Equal("0 0 0 * * *", shown["schedule"]!["cron"]!.GetValue<string>());
        var next = DateTimeOffset.Parse(shown["schedule"]!["next_scheduled_time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal(stored.NextRunAt, next);
        Assert.Equal(TimeSpan.Zero, next.TimeOfDay);
        Assert.Equal("0 0 0 * * *", shown["job_kind"]!.GetValue<string>());
        Assert.Equal("""{"delete_untagged":true,"dry_run":false,"workers":3}""", shown["job_parameters"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"delete_untagged":true,"dry_run":false,"workers":3}"""), shown["parameters"]));
        Assert.False(shown["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Post_of_a_custom_schedule_answers_201_with_the_schedule_as_location_and_replaces_the_old_one()
    {
        using var admin = factory.Admin();
        using (var daily = await HarborGc.PutScheduleAsync(admin, "Daily"))
        {
            OciAssert.Status(daily, HttpStatusCode.OK);
        }

        using var response = await HarborGc.PostScheduleAsync(admin, "Custom", "0 30 2 * * 1-5");

        OciAssert.Status(response, HttpStatusCode.Created);
        Assert.Equal(HarborGc.Schedule, response.Headers.Location!.ToString());
        var shown = await HarborGc.GetScheduleAsync(admin);
        Assert.Equal("Custom", shown["schedule"]!["type"]!.GetValue<string>());
        Assert.Equal("0 30 2 * * 1-5", shown["schedule"]!["cron"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"delete_untagged":false,"dry_run":false,"workers":1}"""), shown["parameters"]));
        Assert.Equal("Custom", (await StoredScheduleAsync())!.Type);
    }

    [Theory]
    [InlineData("Hourly", "0 0 * * * *")]
    [InlineData("Weekly", "0 0 0 * * 0")]
    public async Task Fixed_types_take_harbors_crons(string type, string cron)
    {
        using var admin = factory.Admin();
        using (var response = await HarborGc.PutScheduleAsync(admin, type, "0 5 5 5 5 *"))
        {
            OciAssert.Status(response, HttpStatusCode.OK);
        }

        var shown = await HarborGc.GetScheduleAsync(admin);

        Assert.Equal((type, cron), (shown["schedule"]!["type"]!.GetValue<string>(), shown["schedule"]!["cron"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("PUT", HttpStatusCode.OK)]
    [InlineData("POST", HttpStatusCode.Created)]
    public async Task None_removes_the_schedule_and_the_schedule_then_reads_as_an_empty_object(string method, HttpStatusCode status)
    {
        using var admin = factory.Admin();
        using (var weekly = await HarborGc.PutScheduleAsync(admin, "Weekly"))
        {
            OciAssert.Status(weekly, HttpStatusCode.OK);
        }

        using var response = await admin.SendAsync(new HttpMethod(method), HarborGc.Schedule, HarborGc.ScheduleBody("None"));

        OciAssert.Status(response, status);
        Assert.Null(await StoredScheduleAsync());
        Assert.Empty((await HarborGc.GetScheduleAsync(admin)).AsObject());
    }

    [Theory]
    [InlineData("""{"schedule":{"type":"Sometimes"}}""", "invalid schedule type 'Sometimes'")]
    [InlineData("""{"schedule":{"type":"daily"}}""", "invalid schedule type 'daily'")]
    [InlineData("""{"schedule":{"type":"Custom"}}""", "a Custom schedule needs a cron")]
    [InlineData("""{"schedule":{"type":"Custom","cron":"0 2 * * *"}}""", "it needs 6 fields")]
    [InlineData("""{"schedule":{"type":"Custom","cron":"* * * * * *"}}""", "the first field (seconds) must be fixed")]
    [InlineData("""{"schedule":{"type":"Custom","cron":"0 0 0 31 2 *"}}""", "never fires")]
    [InlineData("""{"schedule":{"type":"Custom","cron":"0 0 25 * * *"}}""", "invalid cron")]
    [InlineData("""{"schedule":{"type":"Daily"},"parameters":{"workers":0}}""", "parameters.workers must be an integer from 1 to 5, not 0")]
    [InlineData("""{"schedule":{"type":"Daily"},"parameters":{"workers":6}}""", "parameters.workers must be an integer from 1 to 5, not 6")]
    [InlineData("""{"schedule":{"type":"Daily"},"parameters":{"workers":"2"}}""", "parameters.workers must be an integer")]
    [InlineData("""{"schedule":{"type":"Daily"},"parameters":{"workers":1.5}}""", "parameters.workers must be an integer")]
    [InlineData("""{"schedule":{"type":"Manual"},"parameters":{"dry_run":"yes"}}""", "parameters.dry_run must be true or false")]
    [InlineData("""{"schedule":{"type":"Daily"},"parameters":{"delete_untagged":1}}""", "parameters.delete_untagged must be true or false")]
    [InlineData("""{"parameters":{}}""", "schedule required in body")]
    [InlineData("""{"schedule":{"type":"Daily"},"parameters":[]}""", "invalid JSON body")]
    [InlineData("""{"schedule":{"type":5}}""", "invalid JSON body")]
    [InlineData("""{"schedule":""", "invalid JSON body")]
    public async Task Bad_schedule_or_parameters_answer_400_naming_the_problem_and_change_nothing(string body, string message)
    {
        using var admin = factory.Admin();
        using (var set = await HarborGc.PutScheduleAsync(admin, "Custom", "0 15 3 * * *", """{"workers":2}"""))
        {
            OciAssert.Status(set, HttpStatusCode.OK);
        }

        var before = await StoredScheduleAsync();

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Post })
        {
            using var response = await admin.SendAsync(method, HarborGc.Schedule, HarborGc.Json(body));
            Assert.Contains(message, await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
        }

        Assert.Equal(before, await StoredScheduleAsync());
    }

    [Fact]
    public async Task Unknown_parameters_are_ignored()
    {
        using var admin = factory.Admin();

        using var response = await HarborGc.PutScheduleAsync(admin, "Daily", null, """{"dry_run":true,"delete_tag":true,"redis_url_reg":"x"}""");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("""{"delete_untagged":false,"dry_run":true,"workers":1}""", (await StoredScheduleAsync())!.Parameters);
    }

    [Theory]
    [InlineData("GET", "/api/v2.0/system/gc/abc")]
    [InlineData("GET", "/api/v2.0/system/gc/0")]
    [InlineData("GET", "/api/v2.0/system/gc/-1/log")]
    [InlineData("PUT", "/api/v2.0/system/gc/1x")]
    public async Task Ids_that_are_not_positive_integers_answer_400(string method, string path)
    {
        using var admin = factory.Admin();

        using var response = await admin.SendAsync(new HttpMethod(method), path, method == "PUT" ? HarborGc.Json("""{"action":"stop"}""") : null);

        Assert.Contains("gc_id must be a positive integer", await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_paging_out_of_range_answers_400()
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync("/api/v2.0/system/gc?page_size=101");

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }
}
