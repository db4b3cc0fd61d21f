using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Shared.Loopback;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// Proxy-cache projects in front of a real CNCF distribution, reached through a counting forwarder: one upstream fetch
/// per blob, none on a warm pull, cached images served while upstream is down or rate limiting, pushes refused.
/// </summary>
public sealed class ProxyCachePullTests(ProxyCacheRegistryFactory factory) : IClassFixture<ProxyCacheRegistryFactory>, IAsyncLifetime
{
    private readonly ProxyCacheUpstream _upstream = new(factory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _upstream.StartAsync();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    [Fact]
    public async Task A_cold_pull_fetches_each_blob_once_and_a_warm_pull_asks_upstream_nothing()
    {
        var image = await PushUpstreamAsync("team/app", "v1");
        var project = await CreateProxyProjectAsync();
        using var admin = factory.Admin();
        _upstream.Forwarder.ResetCounts();

        await AssertPullsAsync(admin, $"{project}/team/app", "v1", image);
        await WaitUntilCachedAsync($"{project}/team/app", "v1");

        Assert.Equal(1, Received("GET", $"/v2/team/app/blobs/{image.LayerDigest}"));
        Assert.Equal(1, Received("GET", $"/v2/team/app/blobs/{image.ConfigDigest}"));
        Assert.Equal(1, Received("GET", "/v2/team/app/manifests/v1"));

        _upstream.Forwarder.ResetCounts();
        await AssertPullsAsync(admin, $"{project}/team/app", "v1", image);
        await AssertPullsAsync(admin, $"{project}/team/app", image.Digest, image);
        Assert.Empty(_upstream.Forwarder.Requests);
    }

    [Fact]
    public async Task Concurrent_cold_pulls_make_one_upstream_fetch_per_blob_and_manifest()
    {
        var image = await PushUpstreamAsync("team/busy", "v2");
        var project = await CreateProxyProjectAsync();
        _upstream.Forwarder.ResetCounts();

        var clients = Enumerable.Range(0, 5).Select(_ => factory.Admin()).ToList();
        try
        {
            await Task.WhenAll(clients.Select(c => AssertPullsAsync(c, $"{project}/team/busy", "v2", image)));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        await WaitUntilCachedAsync($"{project}/team/busy", "v2");
        Assert.Equal(1, Received("GET", $"/v2/team/busy/blobs/{image.LayerDigest}"));
        Assert.Equal(1, Received("GET", $"/v2/team/busy/blobs/{image.ConfigDigest}"));
        Assert.Equal(1, Received("GET", "/v2/team/busy/manifests/v2"));
    }

    [Fact]
    public async Task With_upstream_stopped_a_stale_cached_image_still_pulls_by_tag_with_identical_bytes()
    {
        var image = await PushUpstreamAsync("team/offline", "v3");
        var project = await CreateProxyProjectAsync();
        using var admin = factory.Admin();
        await AssertPullsAsync(admin, $"{project}/team/offline", "v3", image);
        await WaitUntilCachedAsync($"{project}/team/offline", "v3");

        factory.Clock.Advance(ProxyCacheRegistryFactory.Ttl * 2);
        await _upstream.Distribution.StopAsync();
        try
        {
            _upstream.Forwarder.ResetCounts();
            await AssertPullsAsync(admin, $"{project}/team/offline", "v3", image);
            Assert.Equal(1, Received("HEAD", "/v2/team/offline/manifests/v3"));
        }
        finally
        {
            await _upstream.Distribution.StartAsync(Ct);
        }
    }

    [Theory]
    [InlineData(UpstreamTrouble.TooManyRequests)]
    [InlineData(UpstreamTrouble.Refuse)]
    public async Task A_stale_cached_image_is_served_when_upstream_rate_limits_or_drops_connections(UpstreamTrouble mode)
    {
        var repository = "team/limited" + (int)mode;
        var image = await PushUpstreamAsync(repository, "v4");
        var project = await CreateProxyProjectAsync();
        using var admin = factory.Admin();
        await AssertPullsAsync(admin, $"{project}/{repository}", "v4", image);
        await WaitUntilCachedAsync($"{project}/{repository}", "v4");

        factory.Clock.Advance(ProxyCacheRegistryFactory.Ttl * 2);
        if (mode == UpstreamTrouble.TooManyRequests)
        {
            _upstream.Forwarder.InjectFaults(new FaultInjection { Probability = 1, Kinds = [FaultKind.TooManyRequests] });
        }
        else
        {
            _upstream.Forwarder.GoDown();
        }

        try
        {
            await AssertPullsAsync(admin, $"{project}/{repository}", "v4", image);
        }
        finally
        {
            _upstream.Forwarder.StopFaults();
            _upstream.Forwarder.GoUp();
        }
    }

    [Fact]
    public async Task A_manifest_upstream_does_not_have_is_manifest_unknown_and_a_missing_blob_blob_unknown()
    {
        var project = await CreateProxyProjectAsync();
        using var admin = factory.Admin();

        using var manifest = await admin.GetAsync($"/v2/{project}/team/none/manifests/latest");
        await OciAssert.ErrorAsync(manifest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var blob = await admin.GetAsync($"/v2/{project}/team/none/blobs/{Manifests.Digest([1, 2, 3])}");
        await OciAssert.ErrorAsync(blob, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Pushes_into_a_proxy_cache_project_are_denied()
    {
        var project = await CreateProxyProjectAsync();
        using var admin = factory.Admin();

        using var upload = await admin.SendAsync(HttpMethod.Post, $"/v2/{project}/team/app/blobs/uploads/");
        await OciAssert.ErrorAsync(upload, HttpStatusCode.Forbidden, "DENIED");
        using var put = await admin.PutManifestAsync($"{project}/team/app", "v1", Manifests.EmptyJson, Manifests.OciManifest);
        await OciAssert.ErrorAsync(put, HttpStatusCode.Forbidden, "DENIED");
    }

    [Fact]
    public async Task A_proxy_cache_project_shows_its_registry_id_gets_the_7_day_retention_and_keeps_its_endpoint_in_use()
    {
        var project = await CreateProxyProjectAsync();
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/api/v2.0/projects/{project}");
        var json = await RegistryClient.JsonAsync(response);
        Assert.Equal(_upstream.RegistryId, (long)json["registry_id"]!);
        var retentionId = (string)json["metadata"]!["retention_id"]!;
        using var retention = await admin.GetAsync($"/api/v2.0/retentions/{retentionId}");
        var policy = await RegistryClient.JsonAsync(retention);
        Assert.Equal("nDaysSinceLastPull", (string)policy["rules"]![0]!["template"]!);
        Assert.Equal("7", policy["rules"]![0]!["params"]!["nDaysSinceLastPull"]!.ToString());

        var usages = factory.Services.GetServices<IRegistryEndpointUsage>();
        var uses = await Task.WhenAll(usages.Select(u => u.FindUseAsync(_upstream.RegistryId, Ct)));
        Assert.Contains(uses, use => use is not null && use.Contains(project, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_project_listing_shows_the_same_registry_id_as_the_single_project_and_0_for_an_ordinary_one()
    {
        var proxy = await CreateProxyProjectAsync();
        using var admin = factory.Admin();
        var plainName = NewProjectName();
        await HarborProjects.CreateAsync(admin, plainName, isPublic: false);

        using var list = await admin.GetAsync("/api/v2.0/projects?page_size=100&q=name%3D~proxy");
        using var plainList = await admin.GetAsync($"/api/v2.0/projects?name={plainName}");
        using var single = await admin.GetAsync($"/api/v2.0/projects/{proxy}");

        var listed = (await RegistryClient.JsonAsync(list)).AsArray().Single(p => (string?)p!["name"] == proxy)!;
        Assert.Equal(_upstream.RegistryId, (long)listed["registry_id"]!);
        Assert.Equal((long)(await RegistryClient.JsonAsync(single))["registry_id"]!, (long)listed["registry_id"]!);
        Assert.Equal(0, (long)(await RegistryClient.JsonAsync(plainList)).AsArray().Single(p => (string?)p!["name"] == plainName)!["registry_id"]!);
    }

    [Fact]
    public async Task A_registry_type_harbor_cannot_proxy_is_refused_with_harbors_error_and_creates_nothing()
    {
        using var admin = factory.Admin();
        var quay = await factory.AddEndpointAsync(_upstream.Forwarder.BaseAddress, RegistryEndpointTypes.Quay);
        var peer = await factory.AddEndpointAsync(_upstream.Forwarder.BaseAddress, RegistryEndpointTypes.ArtifactKeeper);
        var refusedName = NewProjectName();
        var acceptedName = NewProjectName();

        using var refused = await CreateAsync(admin, refusedName, quay.Id);
        using var accepted = await CreateAsync(admin, acceptedName, peer.Id);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = (await RegistryClient.JsonAsync(refused))["errors"]![0]!;
        Assert.Equal("BAD_REQUEST", (string?)error["code"]);
        Assert.Equal("unsupported registry type quay", (string?)error["message"]);
        using var missing = await admin.GetAsync($"/api/v2.0/projects/{refusedName}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Only_an_admin_creates_a_proxy_cache_project_and_only_of_a_known_endpoint()
    {
        using var admin = factory.Admin();
        using var user = await factory.NewUserAsync();

        using var byUser = await CreateAsync(user, NewProjectName(), _upstream.RegistryId);
        Assert.Equal(HttpStatusCode.Forbidden, byUser.StatusCode);
        using var unknown = await CreateAsync(admin, NewProjectName(), 987654);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var zero = await CreateAsync(admin, NewProjectName(), 0);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
    }

    private static string NewProjectName() => "proxy" + Guid.NewGuid().ToString("N")[..10];

    private static Task<HttpResponseMessage> CreateAsync(RegistryClient client, string name, long registryId) =>
        client.SendAsync(HttpMethod.Post, "/api/v2.0/projects", JsonContent.Create(new { project_name = name, registry_id = registryId, metadata = new { @public = "false", proxy_speed_kb = "-1" } }));

    private async Task<PushedImage> PushUpstreamAsync(string repository, string tag)
    {
        using var upstream = _upstream.UpstreamClient();
        return await upstream.PushImageAsync(repository, tag);
    }

    /// <summary>What the upstream does to the proxy in the stale-serving test.</summary>
    public enum UpstreamTrouble
    {
        TooManyRequests,
        Refuse,
    }

    private Task<string> CreateProxyProjectAsync() => _upstream.CreateProxyProjectAsync();

    private Task WaitUntilCachedAsync(string repository, string reference) => _upstream.WaitUntilCachedAsync(repository, reference);

    private static Task AssertPullsAsync(RegistryClient client, string repository, string reference, PushedImage image) =>
        ProxyCacheUpstream.AssertPullsAsync(client, repository, reference, image);

    private int Received(string method, string path) => _upstream.Received(method, path);
}
