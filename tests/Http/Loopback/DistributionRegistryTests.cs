using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.Http.Loopback;

/// <summary>The shared docker-registry fixture: real distribution, stoppable on its port and data, optional basic auth.</summary>
public sealed class DistributionRegistryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopped_registry_refuses_connections_and_restarts_on_the_same_port_with_its_data()
    {
        await using var registry = new DistributionRegistry();
        await registry.StartAsync(Ct);
        using var client = registry.CreateClient();
        var content = LoopbackBlobs.RandomBytes(3000);
        var digest = await LoopbackBlobs.PushAsync(client, "fixture/blob", content, Ct);

        await registry.StopAsync();
        Assert.False(registry.IsRunning);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("v2/", UriKind.Relative), Ct));

        await registry.StartAsync(Ct);
        var again = await client.GetByteArrayAsync(LoopbackBlobs.BlobPath("fixture/blob", digest), Ct);
        Assert.Equal(content, again);
    }

    [Fact]
    public async Task Deletes_are_enabled()
    {
        await using var registry = new DistributionRegistry();
        await registry.StartAsync(Ct);
        using var client = registry.CreateClient();
        var digest = await LoopbackBlobs.PushAsync(client, "fixture/delete", LoopbackBlobs.RandomBytes(100), Ct);

        using var delete = await client.DeleteAsync(LoopbackBlobs.BlobPath("fixture/delete", digest), Ct);
        using var after = await client.GetAsync(LoopbackBlobs.BlobPath("fixture/delete", digest), Ct);

        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Basic_auth_refuses_anonymous_and_wrong_passwords_and_accepts_the_generated_one()
    {
        await using var registry = DistributionRegistry.Create(DistributionRegistryOptions.WithBasicAuth());
        await registry.StartAsync(Ct);
        using var anonymous = new HttpClient { BaseAddress = registry.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = registry.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(registry.Username + ":not-" + registry.Password)));
        using var authorized = registry.CreateClient();

        using var anonymousPing = await anonymous.GetAsync(new Uri("v2/", UriKind.Relative), Ct);
        using var wrongPing = await wrong.GetAsync(new Uri("v2/", UriKind.Relative), Ct);
        using var authorizedPing = await authorized.GetAsync(new Uri("v2/", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousPing.StatusCode);
        Assert.StartsWith("Basic", anonymousPing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorizedPing.StatusCode);
    }
}
