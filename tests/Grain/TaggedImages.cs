using System.Text.Json.Nodes;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>Repositories of many tags, each on its own manifest over one shared config and layer, as retention tests need them.</summary>
internal static class TaggedImages
{
    /// <summary>Pushes one manifest per tag, in order, the fixture's clock one second later for each.</summary>
    public static async Task PushOneEachAsync(RegistryClusterFixture fixture, string repository, IEnumerable<string> tags)
    {
        var config = TestContent.Utf8("{}");
        var layer = TestContent.RandomBytes();
        var configDigest = await TestContent.PublishBlobAsync(fixture, repository, config);
        var layerDigest = await TestContent.PublishBlobAsync(fixture, repository, layer);
        foreach (var tag in tags)
        {
            var root = JsonNode.Parse(Manifests.Image((configDigest, config.Length), (layerDigest, layer.Length)))!.AsObject();
            root["annotations"] = new JsonObject { ["marker"] = tag };
            var result = await fixture.Client.GetGrain<IRepositoryGrain>(repository)
                .PutManifestAsync(new PutManifestRequest(tag, ManifestMediaTypes.OciManifest, TestContent.Utf8(root.ToJsonString())));
            Assert.True(result.Succeeded, result.Message);
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    public static async Task<IReadOnlyList<string>> TagsAsync(RegistryClusterFixture fixture, string repository) =>
        (await fixture.Client.GetGrain<IRepositoryGrain>(repository).ListTagsAsync(null, null)).Tags;
}
