using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>What a push-based policy chooses from content really pushed through repository grains into the store.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class LocalReplicationPlanTests(RegistryClusterFixture fixture)
{
    private async Task<string> PushAsync(string repository, string reference, byte[] content, string mediaType = ManifestMediaTypes.OciManifest)
    {
        var result = await fixture.Client.GetGrain<IRepositoryGrain>(repository).PutManifestAsync(new PutManifestRequest(reference, mediaType, content));
        Assert.True(result.Succeeded, result.Message);
        return result.Digest!;
    }

    [Fact]
    public async Task A_push_policy_plans_top_level_artifacts_with_kept_tags_and_destination_names()
    {
        var project = "rp" + Guid.NewGuid().ToString("N")[..8];
        var repository = $"{project}/team/app";
        var config = TestContent.Utf8("""{"architecture":"amd64","os":"linux"}""");
        var layer = TestContent.RandomBytes();
        var blobs = ((await TestContent.PublishBlobAsync(fixture, repository, config), (long)config.Length),
            (await TestContent.PublishBlobAsync(fixture, repository, layer), (long)layer.Length));
        var v1 = await PushAsync(repository, "v1", Manifests.Image(blobs.Item1, blobs.Item2));
        await PushAsync(repository, "latest", Manifests.Image(blobs.Item1, blobs.Item2));
        var dev = await PushAsync(repository, "dev", Manifests.Image(blobs.Item1, blobs.Item2, artifactType: "application/x-dev"));
        var signature = Manifests.Image(blobs.Item1, blobs.Item2, subjectDigest: v1, artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json");
        var signatureDigest = await PushAsync(repository, TestContent.DigestOf(signature), signature);
        var other = TestContent.Utf8("""{"architecture":"arm64","os":"linux"}""");
        var otherConfig = (await TestContent.PublishBlobAsync(fixture, repository, other), (long)other.Length);
        var arm = await PushAsync(repository, "v2-arm", Manifests.Image(otherConfig, blobs.Item2));
        var index = await PushAsync(
            repository, "v2", Manifests.Index(Manifests.Descriptor(ManifestMediaTypes.OciManifest, arm, 1)), ManifestMediaTypes.OciIndex);

        var policy = new ReplicationPolicy(
            1, "p", "", "admin", null, 5, "dr", 1, [ReplicationFilter.Name(project + "/**"), ReplicationFilter.Tag("v*")], ReplicationTrigger.Manual,
            false, false, true, 0, false, false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var source = new LocalReplicationSource(fixture.Metadata, fixture.Metadata, fixture.Metadata);
        var items = new List<ReplicationItem>();

        await ReplicationPlanner.PlanAsync(policy, source, batch => { items.AddRange(batch); return Task.CompletedTask; }, TestContext.Current.CancellationToken);

        // v1 with its matching tag only; the index (its child and the signature travel with their artifacts); dev is not a v* tag.
        Assert.Equal(
            [(v1, "v1"), (index, "v2")],
            items.OrderBy(i => i.Tags[0], StringComparer.Ordinal).Select(i => (i.Digest, string.Join(",", i.Tags))));
        Assert.All(items, i => Assert.Equal("dr/team/app", i.DestinationRepository));
        Assert.All(items, i => Assert.Equal(repository, i.SourceRepository));
        Assert.All(items, i => Assert.Equal("image", i.ResourceType));
        Assert.DoesNotContain(items, i => i.Digest == signatureDigest || i.Digest == arm || i.Digest == dev);
    }
}
