using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

public sealed class ReferrersFallbackIndexTests
{
    [Fact]
    public void A_new_index_lists_the_referrer_as_the_referrers_api_would()
    {
        var registry = new InMemoryOciRegistry();
        var subject = TestArtifacts.Image(registry, "r");
        var signature = TestArtifacts.Signature(registry, "r", subject);

        var index = ReferrersFallbackIndex.Merge(null, [signature]);

        Assert.NotNull(index);
        Assert.Equal(TestArtifacts.OciIndex, index.MediaType);
        Assert.Equal(Digests.Sha256(index.Content), index.Digest);
        var listed = Assert.Single(ReferrersTagSchema.ReadDescriptors(index.Content));
        Assert.Equal(
            (TestArtifacts.OciManifest, signature.Digest, (long)signature.Content.Length, TestArtifacts.CosignSignature),
            (listed.MediaType, listed.Digest, listed.Size, listed.ArtifactType));
        Assert.Equal("signature", listed.Annotations!["org.example.kind"]);
        Assert.Equal(2, (int?)JsonNode.Parse(index.Content)!["schemaVersion"]);
    }

    [Fact]
    public void A_referrer_without_artifact_type_is_listed_with_its_config_media_type()
    {
        var registry = new InMemoryOciRegistry();
        var plain = TestArtifacts.Image(registry, "r");

        var index = ReferrersFallbackIndex.Merge(null, [plain]);

        Assert.Equal("application/vnd.oci.image.config.v1+json", Assert.Single(ReferrersTagSchema.ReadDescriptors(index!.Content)).ArtifactType);
    }

    [Fact]
    public void Entries_already_listed_are_kept_as_they_are_and_nothing_is_listed_twice()
    {
        var registry = new InMemoryOciRegistry();
        var subject = TestArtifacts.Image(registry, "r");
        var first = TestArtifacts.Signature(registry, "r", subject);
        var second = TestArtifacts.Signature(registry, "r", subject);
        var foreign = $$"""
            { "schemaVersion": 2, "mediaType": "{{TestArtifacts.OciIndex}}", "manifests": [
              { "mediaType": "{{TestArtifacts.OciManifest}}", "digest": "{{first.Digest}}", "size": 1, "annotations": { "kept": "yes" } } ] }
            """;
        var existing = new OciManifest(TestArtifacts.OciIndex, Digests.Sha256(Encoding.UTF8.GetBytes(foreign)), Encoding.UTF8.GetBytes(foreign));

        var merged = ReferrersFallbackIndex.Merge(existing, [first, second]);

        var entries = ReferrersTagSchema.ReadDescriptors(merged!.Content);
        Assert.Equal([first.Digest, second.Digest], entries.Select(e => e.Digest));
        Assert.Equal("yes", entries[0].Annotations!["kept"]);
        Assert.Equal(1, entries[0].Size);
        Assert.Null(ReferrersFallbackIndex.Merge(merged, [first, second]));
    }

    [Fact]
    public void An_unreadable_existing_index_is_replaced()
    {
        var registry = new InMemoryOciRegistry();
        var signature = TestArtifacts.Signature(registry, "r", TestArtifacts.Image(registry, "r"));
        var garbage = "not json"u8.ToArray();

        var merged = ReferrersFallbackIndex.Merge(new OciManifest(TestArtifacts.OciIndex, Digests.Sha256(garbage), garbage), [signature]);

        Assert.Equal(signature.Digest, Assert.Single(ReferrersTagSchema.ReadDescriptors(merged!.Content)).Digest);
    }
}
