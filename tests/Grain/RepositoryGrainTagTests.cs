using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

/// <summary><see cref="IRepositoryGrain.TryTagAsync"/>: Harbor's tag create, which never moves a tag.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class RepositoryGrainTagTests(RegistryClusterFixture fixture)
{
    private IRepositoryGrain Repository(string name) => fixture.Client.GetGrain<IRepositoryGrain>(name);

    private async Task<string> PushAsync(string name, string tag)
    {
        var config = TestContent.RandomBytes();
        var layer = TestContent.RandomBytes();
        var content = Manifests.Image(
            (await TestContent.PublishBlobAsync(fixture, name, config), config.Length),
            (await TestContent.PublishBlobAsync(fixture, name, layer), layer.Length));
        var result = await Repository(name).PutManifestAsync(new PutManifestRequest(tag, null, content));
        Assert.True(result.Succeeded, result.Message);
        return result.Digest!;
    }

    [Fact]
    public async Task TryTag_adds_a_tag_to_a_stored_manifest()
    {
        var name = TestContent.NewRepository();
        var digest = await PushAsync(name, "v1");

        var error = await Repository(name).TryTagAsync(digest, "v2");

        Assert.Equal(RegistryError.None, error);
        Assert.Equal(["v1", "v2"], (await Repository(name).ListTagsAsync(null, null)).Tags);
        Assert.Equal(digest, (await Repository(name).GetManifestAsync("v2"))!.Digest);
    }

    [Fact]
    public async Task TryTag_refuses_existing_tags_unknown_digests_and_bad_names_changing_nothing()
    {
        var name = TestContent.NewRepository();
        var first = await PushAsync(name, "v1");
        var second = await PushAsync(name, "v2");

        Assert.Equal(RegistryError.Conflict, await Repository(name).TryTagAsync(first, "v2"));
        Assert.Equal(RegistryError.ManifestUnknown, await Repository(name).TryTagAsync("sha256:" + new string('0', 64), "v3"));
        Assert.Equal(RegistryError.TagInvalid, await Repository(name).TryTagAsync(first, "-bad"));

        Assert.Equal(["v1", "v2"], (await Repository(name).ListTagsAsync(null, null)).Tags);
        Assert.Equal(second, (await Repository(name).GetManifestAsync("v2"))!.Digest);
    }
}
