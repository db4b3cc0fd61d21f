using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// A multi-arch image through a proxy-cache project in front of a real distribution, pulled as a Kubernetes fleet pulls
/// it: the index by tag, then only the one platform the nodes run. The index is cached without its other children, so
/// the tag stops costing upstream requests; the other platform is fetched when someone asks for it; GC, the Harbor API
/// and an upstream outage all cope with the child that was never pulled.
/// </summary>
public sealed class ProxyCacheFleetIndexTests(ProxyCacheRegistryFactory factory) : IClassFixture<ProxyCacheRegistryFactory>, IAsyncLifetime
{
    private const string GcRuns = "/api/v2.0/system/gc/";

    private readonly ProxyCacheUpstream _upstream = new(factory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _upstream.StartAsync();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    [Fact]
    public async Task A_fleet_pulling_one_platform_caches_the_index_so_the_tag_asks_upstream_nothing_and_the_other_platform_comes_on_demand()
    {
        var image = await PushMultiArchAsync();
        var proxied = $"{await _upstream.CreateProxyProjectAsync()}/{image.Repository}";
        using var admin = factory.Admin();
        _upstream.Forwarder.ResetCounts();

        await PullAsFleetAsync(admin, proxied, image);
        Assert.Equal(1, _upstream.Received("GET", $"/v2/{image.Repository}/manifests/multi"));
        Assert.Equal(0, _upstream.Received("GET", $"/v2/{image.Repository}/manifests/{image.Arm.Digest}"));

        _upstream.Forwarder.ResetCounts();
        await ProxyCacheUpstream.AssertManifestAsync(admin, proxied, "multi", image.Index, Manifests.OciIndex);
        await ProxyCacheUpstream.AssertPullsAsync(admin, proxied, image.Amd.Digest, image.Amd);
        Assert.Empty(_upstream.Forwarder.Requests);

        var listed = await ListedIndexAsync(admin, proxied, image);
        var references = listed["references"]!.AsArray();
        Assert.Equal([image.Amd.Digest, image.Arm.Digest], HarborArtifacts.Strings(references, "child_digest"));
        Assert.True(references[0]!["child_id"]!.GetValue<long>() > 0);
        Assert.Equal(0, references[1]!["child_id"]!.GetValue<long>());
        using (var missing = await admin.GetAsync($"{HarborArtifacts.ArtifactsPath(proxied)}/{image.Arm.Digest}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        await ProxyCacheUpstream.AssertPullsAsync(admin, proxied, image.Arm.Digest, image.Arm);
        await _upstream.WaitUntilCachedAsync(proxied, image.Arm.Digest);
        Assert.Equal(1, _upstream.Received("GET", $"/v2/{image.Repository}/manifests/{image.Arm.Digest}"));
        Assert.Equal(0, _upstream.Received("GET", $"/v2/{image.Repository}/manifests/multi"));
        var relisted = (await ListedIndexAsync(admin, proxied, image))["references"]!.AsArray();
        Assert.True(relisted[1]!["child_id"]!.GetValue<long>() > 0);

        // Past the TTL the tag is revalidated with HEAD and, unchanged upstream, not fetched again.
        factory.Clock.Advance(ProxyCacheRegistryFactory.Ttl * 2);
        _upstream.Forwarder.ResetCounts();
        await ProxyCacheUpstream.AssertManifestAsync(admin, proxied, "multi", image.Index, Manifests.OciIndex);
        Assert.Equal(1, _upstream.Received("HEAD", $"/v2/{image.Repository}/manifests/multi"));
        Assert.Equal(0, _upstream.Received("GET", $"/v2/{image.Repository}/manifests/multi"));
    }

    [Fact]
    public async Task With_upstream_stopped_the_tag_and_the_pulled_platform_still_pull_and_the_other_platform_answers_a_clear_error()
    {
        var image = await PushMultiArchAsync();
        var proxied = $"{await _upstream.CreateProxyProjectAsync()}/{image.Repository}";
        using var admin = factory.Admin();
        await PullAsFleetAsync(admin, proxied, image);

        await _upstream.Distribution.StopAsync();
        try
        {
            await ProxyCacheUpstream.AssertManifestAsync(admin, proxied, "multi", image.Index, Manifests.OciIndex);
            await ProxyCacheUpstream.AssertPullsAsync(admin, proxied, image.Amd.Digest, image.Amd);
            factory.Clock.Advance(ProxyCacheRegistryFactory.Ttl * 2);
            await ProxyCacheUpstream.AssertManifestAsync(admin, proxied, "multi", image.Index, Manifests.OciIndex);

            using var other = await admin.GetAsync($"/v2/{proxied}/manifests/{image.Arm.Digest}", r => r.Headers.Accept.ParseAdd(Manifests.OciManifest));
            var message = await OciAssert.ErrorAsync(other, HttpStatusCode.BadGateway, "UNKNOWN");
            Assert.Contains($"manifest {image.Arm.Digest} is not cached", message, StringComparison.Ordinal);
        }
        finally
        {
            await _upstream.Distribution.StartAsync(Ct);
        }
    }

    [Fact]
    public async Task Gc_deleting_untagged_manifests_keeps_the_pulled_platform_of_a_cached_index_and_the_harbor_api_still_lists_it()
    {
        var image = await PushMultiArchAsync();
        PushedImage loose;
        using (var upstream = _upstream.UpstreamClient())
        {
            loose = await upstream.PushImageAsync(image.Repository, null, Manifests.OciManifest);
        }

        var proxied = $"{await _upstream.CreateProxyProjectAsync()}/{image.Repository}";
        using var admin = factory.Admin();
        await PullAsFleetAsync(admin, proxied, image);
        await ProxyCacheUpstream.AssertPullsAsync(admin, proxied, loose.Digest, loose);
        await _upstream.WaitUntilCachedAsync(proxied, loose.Digest);

        // Past the GC's time window, so only what a tag reaches is kept.
        factory.Clock.Advance(TimeSpan.FromHours(3));
        var run = await RunGcAsync(admin, """{"delete_untagged":true,"dry_run":false,"workers":1}""");

        Assert.Equal("Success", run["job_status"]!.GetValue<string>());
        var repository = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IRepositoryGrain>(proxied);
        Assert.Null(await repository.GetManifestAsync(loose.Digest));
        Assert.Equal(image.Amd.Manifest, (await repository.GetManifestAsync(image.Amd.Digest))!.Content);
        Assert.Equal(image.Index, (await repository.GetManifestAsync("multi"))!.Content);
        _upstream.Forwarder.ResetCounts();
        await ProxyCacheUpstream.AssertPullsAsync(admin, proxied, image.Amd.Digest, image.Amd);
        Assert.Empty(_upstream.Forwarder.Requests);
        var listed = await ListedIndexAsync(admin, proxied, image);
        Assert.Equal([image.Amd.Digest, image.Arm.Digest], HarborArtifacts.Strings(listed["references"]!, "child_digest"));
    }

    [Fact]
    public async Task Replicating_or_copying_the_cached_index_out_of_the_proxy_project_fails_naming_the_platform_never_pulled_and_tags_nothing()
    {
        var image = await PushMultiArchAsync();
        var proxied = $"{await _upstream.CreateProxyProjectAsync()}/{image.Repository}";
        using var admin = factory.Admin();
        await PullAsFleetAsync(admin, proxied, image);
        var local = factory.Services.GetRequiredService<LocalOciRegistry>();
        var replicated = $"{HarborProjects.NewName("mirror")}/app";

        var failed = await Assert.ThrowsAsync<OciRegistryException>(() => factory.Services.GetRequiredService<IArtifactCopier>().CopyAsync(
            new ArtifactCopyRequest(local, proxied, Manifests.Digest(image.Index), ["multi"], local, replicated, Override: false, ChunkSize: null, BytesPerSecond: null),
            null,
            Ct));

        Assert.Equal(("MANIFEST_UNKNOWN", HttpStatusCode.NotFound, false), (failed.ErrorCode, failed.StatusCode, failed.Transient));
        Assert.Contains($"manifest {image.Arm.Digest}, a child of index {Manifests.Digest(image.Index)}", failed.Message, StringComparison.Ordinal);
        Assert.Null(await local.HeadManifestAsync(replicated, "multi", Ct));

        var target = HarborProjects.NewName("copy");
        await HarborProjects.CreateAsync(admin, target, isPublic: false);
        using var copied = await admin.SendAsync(
            HttpMethod.Post, $"{HarborArtifacts.ArtifactsPath($"{target}/app")}?from={Uri.EscapeDataString(proxied + ":multi")}");
        Assert.Equal(HttpStatusCode.NotFound, copied.StatusCode);
        Assert.Contains(image.Arm.Digest, (string?)(await RegistryClient.JsonAsync(copied))["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Null(await local.HeadManifestAsync($"{target}/app", "multi", Ct));
    }

    /// <summary>The index by tag and the amd64 platform with its blobs, through the proxy, until both are cached.</summary>
    private async Task PullAsFleetAsync(RegistryClient client, string proxied, MultiArch image)
    {
        await ProxyCacheUpstream.AssertManifestAsync(client, proxied, "multi", image.Index, Manifests.OciIndex);
        await ProxyCacheUpstream.AssertPullsAsync(client, proxied, image.Amd.Digest, image.Amd);
        await _upstream.WaitUntilCachedAsync(proxied, "multi");
        await _upstream.WaitUntilCachedAsync(proxied, image.Amd.Digest);
    }

    /// <summary>The repository's only top-level artifact, the index, from Harbor's artifact list (200 asserted).</summary>
    private static async Task<JsonNode> ListedIndexAsync(RegistryClient client, string proxied, MultiArch image)
    {
        var listing = await HarborArtifacts.GetJsonAsync(client, $"{HarborArtifacts.ArtifactsPath(proxied)}?with_tag=true");
        var artifact = Assert.Single(listing.AsArray())!;
        Assert.Equal(Manifests.Digest(image.Index), artifact["digest"]!.GetValue<string>());
        Assert.Equal("multi", artifact["tags"]![0]!["name"]!.GetValue<string>());
        return artifact;
    }

    private async Task<MultiArch> PushMultiArchAsync()
    {
        var repository = "fleet/app" + Guid.NewGuid().ToString("N")[..6];
        using var upstream = _upstream.UpstreamClient();
        var amd = await upstream.PushImageAsync(repository, null, Manifests.OciManifest);
        var arm = await upstream.PushImageAsync(repository, null, Manifests.OciManifest);
        var index = Manifests.Index([Platform(amd, "amd64"), Platform(arm, "arm64")], Manifests.OciIndex);
        await upstream.PushManifestAsync(repository, "multi", index, Manifests.OciIndex);
        return new MultiArch(repository, index, amd, arm);
    }

    private static JsonObject Platform(PushedImage child, string architecture)
    {
        var descriptor = Manifests.Descriptor(child.MediaType, child.Manifest);
        descriptor["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
        return descriptor;
    }

    /// <summary>Starts a Manual GC run through Harbor's API and answers it once finished.</summary>
    private static async Task<JsonNode> RunGcAsync(RegistryClient admin, string parameters)
    {
        long id;
        using (var started = await HarborGc.PostScheduleAsync(admin, "Manual", null, parameters))
        {
            OciAssert.Status(started, HttpStatusCode.Created);
            id = long.Parse(started.Headers.Location!.ToString()[GcRuns.Length..], CultureInfo.InvariantCulture);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        while (true)
        {
            using var response = await admin.GetAsync(GcRuns + id.ToString(CultureInfo.InvariantCulture));
            OciAssert.Status(response, HttpStatusCode.OK);
            var run = await RegistryClient.JsonAsync(response);
            if (run["job_status"]!.GetValue<string>() is not ("Pending" or "Running"))
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }

    private sealed record MultiArch(string Repository, byte[] Index, PushedImage Amd, PushedImage Arm);
}
