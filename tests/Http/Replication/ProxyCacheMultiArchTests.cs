using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// A multi-arch image (OCI image index or Docker manifest list) through a proxy-cache project in front of a real
/// distribution: the index by tag, then each platform's manifest by digest and its blobs, each fetched upstream once
/// and only when a client asks for it; then the same pulls again ask upstream nothing.
/// </summary>
public sealed class ProxyCacheMultiArchTests(ProxyCacheRegistryFactory factory) : IClassFixture<ProxyCacheRegistryFactory>, IAsyncLifetime
{
    private readonly ProxyCacheUpstream _upstream = new(factory);

    public async ValueTask InitializeAsync() => await _upstream.StartAsync();

    public ValueTask DisposeAsync() => _upstream.DisposeAsync();

    [Theory]
    [InlineData(Manifests.OciManifest, Manifests.OciIndex)]
    [InlineData(Manifests.DockerManifest, Manifests.DockerManifestList)]
    public async Task An_index_and_its_children_pull_cold_once_each_on_demand_and_then_warm_without_upstream(string imageType, string indexType)
    {
        var repository = "team/multi" + Guid.NewGuid().ToString("N")[..6];
        PushedImage[] children;
        byte[] index;
        using (var upstream = _upstream.UpstreamClient())
        {
            children = [await upstream.PushImageAsync(repository, null, imageType), await upstream.PushImageAsync(repository, null, imageType)];
            index = Manifests.Index(children.Select((child, i) => Platform(child, i == 0 ? "amd64" : "arm64")), indexType);
            await upstream.PushManifestAsync(repository, "multi", index, indexType);
        }

        var proxied = $"{await _upstream.CreateProxyProjectAsync()}/{repository}";
        using var admin = factory.Admin();
        _upstream.Forwarder.ResetCounts();

        await ProxyCacheUpstream.AssertManifestAsync(admin, proxied, "multi", index, indexType);
        foreach (var child in children)
        {
            // Children are fetched when a client asks for them, not with the index.
            Assert.Equal(0, _upstream.Received("GET", $"/v2/{repository}/manifests/{child.Digest}"));
        }

        foreach (var child in children)
        {
            await ProxyCacheUpstream.AssertPullsAsync(admin, proxied, child.Digest, child);
        }

        await _upstream.WaitUntilCachedAsync(proxied, "multi");
        Assert.Equal(1, _upstream.Received("GET", $"/v2/{repository}/manifests/multi"));
        foreach (var child in children)
        {
            await _upstream.WaitUntilCachedAsync(proxied, child.Digest);
            Assert.Equal(1, _upstream.Received("GET", $"/v2/{repository}/manifests/{child.Digest}"));
            Assert.Equal(1, _upstream.Received("GET", $"/v2/{repository}/blobs/{child.ConfigDigest}"));
            Assert.Equal(1, _upstream.Received("GET", $"/v2/{repository}/blobs/{child.LayerDigest}"));
        }

        _upstream.Forwarder.ResetCounts();
        await ProxyCacheUpstream.AssertManifestAsync(admin, proxied, "multi", index, indexType);
        await ProxyCacheUpstream.AssertManifestAsync(admin, proxied, Manifests.Digest(index), index, indexType);
        foreach (var child in children)
        {
            await ProxyCacheUpstream.AssertPullsAsync(admin, proxied, child.Digest, child);
        }

        Assert.Empty(_upstream.Forwarder.Requests);
    }

    private static JsonObject Platform(PushedImage child, string architecture)
    {
        var descriptor = Manifests.Descriptor(child.MediaType, child.Manifest);
        descriptor["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
        return descriptor;
    }
}
