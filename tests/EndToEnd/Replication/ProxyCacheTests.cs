using ArtifactKeeper.Replication;
using ArtifactKeeper.Tests.Shared.Loopback;

namespace ArtifactKeeper.Tests.EndToEnd.Replication;

/// <summary>
/// docker-registry with a counting forwarder in front: the upstream of the proxy-cache project that
/// <see cref="ProxyCacheTests"/> pulls through.
/// </summary>
public sealed class ProxyUpstream : IAsyncLifetime
{
    /// <summary>The real upstream registry.</summary>
    public DistributionRegistry Registry { get; } = new();

    /// <summary>The forwarder the proxy-cache endpoint points at; its counts are the upstream requests.</summary>
    public HttpForwarder Forwarder { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await Registry.InitializeAsync();
        Forwarder = await HttpForwarder.StartAsync(Registry.BaseAddress);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Forwarder is not null)
        {
            await Forwarder.DisposeAsync();
        }

        await Registry.DisposeAsync();
    }
}

/// <summary>
/// A proxy-cache project (Harbor's <c>registry_id</c>) in front of docker-registry, pulled with skopeo: a cold pull
/// fetches each blob from upstream once, concurrent cold pulls share one fetch per blob, a warm pull fetches nothing,
/// a cached image still pulls with the upstream stopped, and a multi-arch tag of which a fleet pulls one platform is
/// cached (the index ahead of the platforms nobody pulled) so its next pull fetches nothing.
/// </summary>
public sealed class ProxyCacheTests(RegistryServer server, ProxyUpstream upstream)
    : IClassFixture<RegistryServer>, IClassFixture<ProxyUpstream>
{
    private const int ConcurrentPulls = 4;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cold_pull_streams_each_blob_once_from_upstream_and_a_warm_pull_fetches_nothing()
    {
        var project = await CreateProxyProjectAsync();
        var image = await SeedUpstreamAsync("team/cold", "v1", layers: 3);

        var cold = await PullAsync(project, "team/cold", "v1");

        cold.AssertIs(image);
        foreach (var blob in image.Blobs)
        {
            Assert.Equal(1, upstream.Forwarder.ForwardedCount("GET", $"/v2/team/cold/blobs/{blob.Descriptor.Digest}"));
        }

        upstream.Forwarder.ResetCounts();
        var warm = await PullAsync(project, "team/cold", "v1");

        warm.AssertIs(image);
        Assert.Equal(0, upstream.Forwarder.Count(r => r.ReachedTarget && r.Method == "GET" && r.Path.StartsWith("/v2/team/cold/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Concurrent_cold_pulls_make_one_upstream_fetch_per_blob()
    {
        var project = await CreateProxyProjectAsync();
        var image = await SeedUpstreamAsync("team/burst", "v1", layers: 3, fileSize: 256 * 1024);

        var pulls = await Task.WhenAll(Enumerable.Range(0, ConcurrentPulls).Select(_ => PullAsync(project, "team/burst", "v1")));

        Assert.All(pulls, p => p.AssertIs(image));
        foreach (var blob in image.Blobs)
        {
            Assert.Equal(1, upstream.Forwarder.ForwardedCount("GET", $"/v2/team/burst/blobs/{blob.Descriptor.Digest}"));
        }
    }

    [Fact]
    public async Task With_the_upstream_stopped_a_cached_image_still_pulls_and_an_uncached_one_does_not()
    {
        var project = await CreateProxyProjectAsync();
        var image = await SeedUpstreamAsync("team/offline", "v1", layers: 2);
        await SeedUpstreamAsync("team/never", "v1", layers: 1);
        (await PullAsync(project, "team/offline", "v1")).AssertIs(image);

        // Stopped behind a forwarder that closes connections unanswered: the upstream is unreachable, not erroring.
        await upstream.Registry.StopAsync();
        upstream.Forwarder.GoDown();
        try
        {
            var cached = await PullAsync(project, "team/offline", "v1");
            var uncached = await TryPullAsync(project, "team/never", "v1");

            cached.AssertIs(image);
            Assert.True(uncached.ExitCode != 0, "an image never cached pulled with the upstream stopped:\n" + uncached.Describe());
        }
        finally
        {
            upstream.Forwarder.GoUp();
            await upstream.Registry.StartAsync(Ct);
        }
    }

    [Fact]
    public async Task Skopeo_copy_all_of_a_multi_arch_index_fetches_each_manifest_and_blob_once_cold_and_none_warm()
    {
        var project = await CreateProxyProjectAsync();
        var children = new[] { TestImage.Create("amd64"), TestImage.Create("arm64") };
        OciBlob index;
        using (var source = new TempDirectory("ak-e2e-multi"))
        {
            index = OciLayout.WriteMultiPlatform(source.Path, "v1", children);
            await Cli.RunAsync("skopeo",
                ["copy", "--all", "--dest-tls-verify=false", "oci:" + source.Path + ":v1", "docker://" + upstream.Registry.Reference("team/multi", "v1")], Ct);
        }

        upstream.Forwarder.ResetCounts();
        using (var cold = new TempDirectory("ak-e2e-proxy"))
        {
            await CopyAllAsync(project, "team/multi", cold);
            Assert.Equal(index.Descriptor.Digest, OciLayout.FindTag(cold.Path, "v1").Digest);
            foreach (var blob in children.SelectMany(c => c.Blobs.Append(c.Manifest)))
            {
                Assert.Equal(blob.Content, OciLayout.ReadBlob(cold.Path, blob.Descriptor.Digest));
            }
        }

        foreach (var child in children)
        {
            Assert.Equal(1, upstream.Forwarder.ForwardedCount("GET", $"/v2/team/multi/manifests/{child.Manifest.Descriptor.Digest}"));
            foreach (var blob in child.Blobs)
            {
                Assert.Equal(1, upstream.Forwarder.ForwardedCount("GET", $"/v2/team/multi/blobs/{blob.Descriptor.Digest}"));
            }
        }

        await WaitUntilIndexCachedAsync(project, "team/multi", index.Descriptor.Digest);
        upstream.Forwarder.ResetCounts();
        using (var warm = new TempDirectory("ak-e2e-proxy"))
        {
            await CopyAllAsync(project, "team/multi", warm);
            Assert.Equal(index.Descriptor.Digest, OciLayout.FindTag(warm.Path, "v1").Digest);
        }

        Assert.Equal(0, upstream.Forwarder.Count(r => r.ReachedTarget && r.Method == "GET" && r.Path.StartsWith("/v2/team/multi/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_fleet_pulling_one_platform_of_a_multi_arch_tag_makes_no_upstream_manifest_get_on_the_next_pull()
    {
        var project = await CreateProxyProjectAsync();
        var children = new[] { TestImage.Create("amd64"), TestImage.Create("arm64") };
        OciBlob index;
        using (var source = new TempDirectory("ak-e2e-fleet"))
        {
            index = OciLayout.WriteMultiPlatform(source.Path, "v1", children);
            await Cli.RunAsync("skopeo",
                ["copy", "--all", "--dest-tls-verify=false", "oci:" + source.Path + ":v1", "docker://" + upstream.Registry.Reference("team/fleet", "v1")], Ct);
        }

        var arm = children[1].Manifest.Descriptor.Digest;
        using (var cold = new TempDirectory("ak-e2e-proxy"))
        {
            await CopyArmAsync(project, cold);
            Assert.Equal(arm, OciLayout.FindTag(cold.Path, "v1").Digest);
        }

        Assert.Equal(0, upstream.Forwarder.ForwardedCount("GET", $"/v2/team/fleet/manifests/{children[0].Manifest.Descriptor.Digest}"));
        await WaitUntilIndexCachedAsync(project, "team/fleet", index.Descriptor.Digest);
        await WaitUntilIndexCachedAsync(project, "team/fleet", arm);
        upstream.Forwarder.ResetCounts();
        using (var warm = new TempDirectory("ak-e2e-proxy"))
        {
            await CopyArmAsync(project, warm);
            Assert.Equal(arm, OciLayout.FindTag(warm.Path, "v1").Digest);
        }

        Assert.Equal(0, upstream.Forwarder.Count(r => r.ReachedTarget && r.Method == "GET" && r.Path.StartsWith("/v2/team/fleet/", StringComparison.Ordinal)));
    }

    /// <summary>skopeo as a node of an arm64 fleet pulls a multi-arch tag: the index, then the arm64 platform only.</summary>
    private Task<CliResult> CopyArmAsync(string project, TempDirectory layout) =>
        Cli.RunAsync("skopeo",
            ["copy", "--override-arch", "arm64", "--override-os", "linux", "--src-tls-verify=false", "--src-creds", server.AdminCredentials,
             "docker://" + server.Reference($"{project}/team/fleet", "v1"), "oci:" + layout.Path + ":v1"], Ct);

    private Task<CliResult> CopyAllAsync(string project, string repository, TempDirectory layout) =>
        Cli.RunAsync("skopeo",
            ["copy", "--all", "--src-tls-verify=false", "--src-creds", server.AdminCredentials,
             "docker://" + server.Reference($"{project}/{repository}", "v1"), "oci:" + layout.Path + ":v1"], Ct);

    /// <summary>
    /// Waits (a condition, not a timing assertion) until the proxy stored the index, which it does in the background
    /// once fetched; asked through the artifacts API, which reads the store and never reaches upstream.
    /// </summary>
    private async Task WaitUntilIndexCachedAsync(string project, string repository, string digest)
    {
        using var http = new RegistryHttpClient(server);
        using var harbor = new HarborReplicationClient(server);
        var path = $"api/v2.0/projects/{project}/repositories/{Uri.EscapeDataString(Uri.EscapeDataString(repository))}/artifacts/{digest}";
        await harbor.WaitUntilAsync(
            async () =>
            {
                using var response = await http.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);
                return response.StatusCode == System.Net.HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(90), $"{project}/{repository}@{digest} cached", Ct);
    }

    private async Task<string> CreateProxyProjectAsync()
    {
        using var harbor = new HarborReplicationClient(server);
        var registryId = await harbor.CreateRegistryAsync(
            ReplicationNames.Unique("upstream"), RegistryEndpointTypes.DockerRegistry, upstream.Forwarder.BaseAddress, credentials: null, Ct);
        var project = ReplicationNames.Project("cache");
        await harbor.CreateProjectAsync(project, registryId, Ct);
        var created = await harbor.GetProjectAsync(project, Ct);
        Assert.Equal(registryId, (long?)created["registry_id"]);
        return project;
    }

    private async Task<TestImage> SeedUpstreamAsync(string repository, string tag, int layers, int fileSize = 64 * 1024)
    {
        using var http = new RegistryHttpClient(upstream.Registry.BaseAddress, upstream.Registry.Credentials);
        var image = TestImage.Create(layerCount: layers, fileSize: fileSize);
        await http.PushImageAsync(repository, tag, image, Ct);
        return image;
    }

    private async Task<PulledImage> PullAsync(string project, string repository, string tag)
    {
        var layout = new TempDirectory("ak-e2e-proxy");
        var result = await SkopeoPullAsync(project, repository, tag, layout);
        if (result.ExitCode != 0)
        {
            layout.Dispose();
            Assert.Fail(result.Describe() + "\n--- server log ---\n" + server.Log);
        }

        return new PulledImage(layout, tag);
    }

    private async Task<CliResult> TryPullAsync(string project, string repository, string tag)
    {
        using var layout = new TempDirectory("ak-e2e-proxy");
        return await SkopeoPullAsync(project, repository, tag, layout);
    }

    private Task<CliResult> SkopeoPullAsync(string project, string repository, string tag, TempDirectory layout) =>
        Cli.TryRunAsync("skopeo",
            ["copy", "--src-tls-verify=false", "--src-creds", server.AdminCredentials,
             "docker://" + server.Reference($"{project}/{repository}", tag), "oci:" + layout.Path + ":" + tag], Ct);

    /// <summary>An image skopeo wrote into an OCI layout; deleted when collected by the test's end.</summary>
    private sealed class PulledImage(TempDirectory layout, string tag)
    {
        public void AssertIs(TestImage image)
        {
            try
            {
                Assert.Equal(image.Manifest.Descriptor.Digest, OciLayout.FindTag(layout.Path, tag).Digest);
                Assert.Equal(image.Layers.Select(l => l.Descriptor.Digest), OciLayout.LayerDigests(layout.Path, tag));
                foreach (var blob in image.Blobs)
                {
                    Assert.Equal(blob.Content, OciLayout.ReadBlob(layout.Path, blob.Descriptor.Digest));
                }
            }
            finally
            {
                layout.Dispose();
            }
        }
    }
}
