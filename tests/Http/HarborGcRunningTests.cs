using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>A GC run that is still going (held at a gate in its history store): a second Manual answers 409, and Harbor's stop ends it as Stopped.</summary>
public sealed class HarborGcRunningTests(GatedGcRunsFactory factory) : IClassFixture<GatedGcRunsFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> RunAsync(RegistryClient admin, long id)
    {
        using var response = await admin.GetAsync($"/api/v2.0/system/gc/{id}");
        OciAssert.Status(response, HttpStatusCode.OK);
        return await RegistryClient.JsonAsync(response);
    }

    private static async Task<long> TotalAsync(RegistryClient admin)
    {
        using var response = await admin.GetAsync("/api/v2.0/system/gc");
        OciAssert.Status(response, HttpStatusCode.OK);
        return long.Parse(OciAssert.Header(response, "X-Total-Count"), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Manual_while_a_run_is_going_answers_409_and_stop_ends_the_run_as_stopped()
    {
        using var admin = factory.Admin();
        using var first = await HarborGc.PostScheduleAsync(admin, "Manual");
        OciAssert.Status(first, HttpStatusCode.Created);
        var id = long.Parse(first.Headers.Location!.ToString()["/api/v2.0/system/gc/".Length..], CultureInfo.InvariantCulture);
        await factory.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal("Running", (await RunAsync(admin, id))["job_status"]!.GetValue<string>());
        var total = await TotalAsync(admin);

        using (var second = await HarborGc.PostScheduleAsync(admin, "Manual"))
        {
            Assert.Contains($"garbage collection {id} is already running", await OciAssert.ErrorAsync(second, HttpStatusCode.Conflict, "CONFLICT"), StringComparison.Ordinal);
        }

        Assert.Equal(total, await TotalAsync(admin));

        using (var stop = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/system/gc/{id}", HarborGc.Json("""{"action":"stop"}""")))
        {
            OciAssert.Status(stop, HttpStatusCode.OK);
        }

        factory.Release();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        string status;
        while ((status = (await RunAsync(admin, id))["job_status"]!.GetValue<string>()) is "Pending" or "Running")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }

        Assert.Equal("Stopped", status);
    }
}
