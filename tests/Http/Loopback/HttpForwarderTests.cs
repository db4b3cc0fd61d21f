using System.Net;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Http.Loopback;

/// <summary>The shared fault-injecting forwarder: counts what reaches the target, injects what it is told, goes down and up.</summary>
public sealed class HttpForwarderTests(DistributionRegistry registry) : IClassFixture<DistributionRegistry>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counts_each_request_that_reaches_the_target_per_method_and_path()
    {
        await using var forwarder = await HttpForwarder.StartAsync(registry.BaseAddress, Ct);
        using var client = new HttpClient { BaseAddress = forwarder.BaseAddress };
        var content = LoopbackBlobs.RandomBytes(70_000);

        var digest = await LoopbackBlobs.PushAsync(client, "forwarder/count", content, Ct);
        var first = await client.GetByteArrayAsync(LoopbackBlobs.BlobPath("forwarder/count", digest), Ct);
        var second = await client.GetByteArrayAsync(LoopbackBlobs.BlobPath("forwarder/count", digest), Ct);

        Assert.Equal(content, first);
        Assert.Equal(content, second);
        var blobPath = "/v2/forwarder/count/blobs/" + digest;
        Assert.Equal(2, forwarder.ForwardedCount("GET", blobPath));
        Assert.Equal(0, forwarder.ForwardedCount("HEAD", blobPath));
        Assert.Equal(1, forwarder.ForwardedCount("POST", "/v2/forwarder/count/blobs/uploads/"));

        // The upload location came back through the forwarder, so the PUT with the bytes passed it too.
        Assert.Equal(1, forwarder.Count(r => r.ReachedTarget && r.Method == "PUT" && r.Path.StartsWith("/v2/forwarder/count/blobs/uploads/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Injected_server_errors_and_throttling_never_reach_the_target()
    {
        await using var forwarder = await HttpForwarder.StartAsync(registry.BaseAddress, Ct);
        using var direct = registry.CreateClient();
        var digest = await LoopbackBlobs.PushAsync(direct, "forwarder/errors", LoopbackBlobs.RandomBytes(500), Ct);
        using var client = new HttpClient { BaseAddress = forwarder.BaseAddress };
        var path = LoopbackBlobs.BlobPath("forwarder/errors", digest);

        forwarder.InjectFaults(new FaultInjection { Probability = 1, Kinds = [FaultKind.ServerError] });
        using var failed = await client.GetAsync(path, Ct);
        forwarder.InjectFaults(new FaultInjection { Probability = 1, Kinds = [FaultKind.TooManyRequests], RetryAfter = TimeSpan.FromSeconds(3) });
        using var throttled = await client.GetAsync(path, Ct);
        forwarder.StopFaults();
        using var healthy = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(1, forwarder.ForwardedCount("GET", "/" + path));
        Assert.Equal(
            [ForwardOutcome.InjectedServerError, ForwardOutcome.InjectedTooManyRequests, ForwardOutcome.Forwarded],
            forwarder.Requests.Select(r => r.Outcome));
    }

    [Fact]
    public async Task Injected_drop_cuts_the_response_body_after_the_target_answered()
    {
        await using var forwarder = await HttpForwarder.StartAsync(registry.BaseAddress, Ct);
        using var direct = registry.CreateClient();
        var digest = await LoopbackBlobs.PushAsync(direct, "forwarder/drop", LoopbackBlobs.RandomBytes(200_000), Ct);
        using var client = new HttpClient { BaseAddress = forwarder.BaseAddress };
        forwarder.InjectFaults(new FaultInjection { Probability = 1, Kinds = [FaultKind.DropConnection] });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetByteArrayAsync(LoopbackBlobs.BlobPath("forwarder/drop", digest), Ct));

        Assert.True(error is HttpRequestException or IOException, error.ToString());
        var request = Assert.Single(forwarder.Requests);
        Assert.Equal(ForwardOutcome.InjectedDrop, request.Outcome);
        Assert.True(request.ReachedTarget);
    }

    [Fact]
    public async Task Faults_follow_the_probability_and_repeat_with_the_same_seed()
    {
        await using var forwarder = await HttpForwarder.StartAsync(registry.BaseAddress, Ct);
        using var client = new HttpClient { BaseAddress = forwarder.BaseAddress };
        var ping = new Uri("v2/_catalog", UriKind.Relative);

        async Task<List<HttpStatusCode>> RunAsync()
        {
            forwarder.InjectFaults(new FaultInjection { Probability = 0.3, Seed = 7, Kinds = [FaultKind.ServerError] });
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 60; i++)
            {
                using var response = await client.GetAsync(ping, Ct);
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }

        var firstRun = await RunAsync();
        var secondRun = await RunAsync();

        Assert.Equal(firstRun, secondRun);
        var failures = firstRun.Count(s => s == HttpStatusCode.InternalServerError);
        Assert.InRange(failures, 5, 35);
        Assert.Equal(60 - failures, firstRun.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Down_closes_connections_unanswered_and_up_forwards_again()
    {
        await using var forwarder = await HttpForwarder.StartAsync(registry.BaseAddress, Ct);
        using var client = new HttpClient { BaseAddress = forwarder.BaseAddress };
        var ping = new Uri("v2/", UriKind.Relative);

        forwarder.GoDown();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(ping, Ct));
        forwarder.GoUp();
        using var response = await client.GetAsync(ping, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([ForwardOutcome.Refused, ForwardOutcome.Forwarded], forwarder.Requests.Select(r => r.Outcome));
    }

    [Fact]
    public async Task A_stopped_target_is_answered_with_bad_gateway()
    {
        var target = new DistributionRegistry();
        await target.StartAsync(Ct);
        await using var forwarder = await HttpForwarder.StartAsync(target.BaseAddress, Ct);
        await target.DisposeAsync();
        using var client = new HttpClient { BaseAddress = forwarder.BaseAddress };

        using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(ForwardOutcome.TargetUnreachable, Assert.Single(forwarder.Requests).Outcome);
    }
}
