using System.Net;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Manifest GETs count as pulls (Harbor's pull_count and pull_time), added to the store in one batched write per flush.</summary>
public sealed class PullRecordingTests(PullCountingRegistryFactory factory) : IClassFixture<PullCountingRegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task N_manifest_gets_by_tag_and_digest_give_pull_count_N_in_one_batched_write()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var other = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        await factory.FlushPullsAsync();
        var writesBefore = factory.PullWrites.Writes;
        var before = DateTimeOffset.UtcNow;

        const int pulls = 25;
        for (var i = 0; i < pulls; i++)
        {
            using var response = await admin.GetAsync($"/v2/{image.Repository}/manifests/{(i % 2 == 0 ? "v1" : image.Digest)}");
            OciAssert.Status(response, HttpStatusCode.OK);
        }

        using (var head = await admin.HeadAsync($"/v2/{image.Repository}/manifests/v1"))
        {
            OciAssert.Status(head, HttpStatusCode.OK);
        }

        using (var blob = await admin.GetAsync($"/v2/{image.Repository}/blobs/{image.LayerDigest}"))
        {
            OciAssert.Status(blob, HttpStatusCode.OK);
        }

        using (var otherPull = await admin.GetAsync($"/v2/{other.Repository}/manifests/v1"))
        {
            OciAssert.Status(otherPull, HttpStatusCode.OK);
        }

        await factory.FlushPullsAsync();

        Assert.Equal(writesBefore + 1, factory.PullWrites.Writes);
        var stats = (await factory.PullStore.GetArtifactPullsAsync(image.Repository, [image.Digest], Ct))[image.Digest];
        Assert.Equal(pulls, stats.PullCount);
        Assert.InRange(stats.PullTime!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var repositories = await factory.PullStore.GetRepositoryPullCountsAsync([image.Repository, other.Repository], Ct);
        Assert.Equal(pulls, repositories[image.Repository]);
        Assert.Equal(1, repositories[other.Repository]);
    }

    [Fact]
    public async Task A_flush_with_nothing_counted_writes_nothing_and_unknown_manifests_count_nothing()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        await factory.FlushPullsAsync();
        var writesBefore = factory.PullWrites.Writes;

        using (var missing = await admin.GetAsync($"/v2/{image.Repository}/manifests/nope"))
        {
            OciAssert.Status(missing, HttpStatusCode.NotFound);
        }

        await factory.FlushPullsAsync();

        Assert.Equal(writesBefore, factory.PullWrites.Writes);
        Assert.Equal(0, (await factory.PullStore.GetArtifactPullsAsync(image.Repository, [image.Digest], Ct))[image.Digest].PullCount);
    }

    [Fact]
    public async Task Pulls_are_written_when_the_gateway_stops()
    {
        await using var own = new PullCountingRegistryFactory();
        using var admin = own.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        using (var response = await admin.GetAsync($"/v2/{image.Repository}/manifests/v1"))
        {
            OciAssert.Status(response, HttpStatusCode.OK);
        }

        var store = own.PullStore;
        var writes = own.PullWrites;
        await own.Services.GetRequiredService<IHost>().StopAsync(Ct);

        Assert.Equal(1, writes.Writes);
        Assert.Equal(1, (await store.GetArtifactPullsAsync(image.Repository, [image.Digest], Ct))[image.Digest].PullCount);
    }
}

/// <summary>The gateway with <c>ArtifactKeeper:Pulls:Enabled=false</c>.</summary>
public sealed class PullRecordingOffFactory : PullCountingRegistryFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. base.Settings, new("ArtifactKeeper:Pulls:Enabled", "false")];
}

public sealed class PullRecordingOffTests(PullRecordingOffFactory factory) : IClassFixture<PullRecordingOffFactory>
{
    [Fact]
    public async Task Nothing_is_counted_or_written()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        using (var response = await admin.GetAsync($"/v2/{image.Repository}/manifests/v1"))
        {
            OciAssert.Status(response, HttpStatusCode.OK);
        }

        await factory.FlushPullsAsync();

        Assert.Equal(0, factory.PullWrites.Writes);
        var stats = await factory.PullStore.GetArtifactPullsAsync(image.Repository, [image.Digest], TestContext.Current.CancellationToken);
        Assert.Equal(0, stats[image.Digest].PullCount);
    }
}
