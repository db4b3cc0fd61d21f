using System.Text;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

public sealed class ManifestLinksTests
{
    private static readonly string A = "sha256:" + new string('a', 64), B = "sha256:" + new string('b', 64), C = "sha256:" + new string('c', 64);

    [Fact]
    public void An_image_names_its_config_then_its_layers_once_each_and_no_foreign_layer()
    {
        var links = ManifestLinks.Read(Manifest(TestArtifacts.OciManifest, $$"""
            { "schemaVersion": 2, "mediaType": "{{TestArtifacts.OciManifest}}",
              "config": { "mediaType": "application/vnd.oci.image.config.v1+json", "digest": "{{A}}", "size": 10 },
              "layers": [
                { "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "{{B}}", "size": 20 },
                { "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "{{B}}", "size": 20 },
                { "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "digest": "{{C}}", "size": 30, "urls": ["https://example.com/layer"] }
              ] }
            """));

        Assert.Equal([A, B], links.Blobs.Select(b => b.Digest));
        Assert.Equal([10L, 20L], links.Blobs.Select(b => b.Size));
        Assert.Empty(links.Children);
        Assert.Null(links.Subject);
    }

    [Fact]
    public void An_index_names_its_children_and_a_referrer_its_subject()
    {
        var links = ManifestLinks.Read(Manifest(TestArtifacts.OciIndex, $$"""
            { "schemaVersion": 2, "mediaType": "{{TestArtifacts.OciIndex}}",
              "manifests": [
                { "mediaType": "{{TestArtifacts.OciManifest}}", "digest": "{{A}}", "size": 1, "platform": { "architecture": "amd64", "os": "linux" } },
                { "mediaType": "{{TestArtifacts.OciManifest}}", "digest": "{{B}}", "size": 2, "artifactType": "x" }
              ],
              "subject": { "mediaType": "{{TestArtifacts.OciManifest}}", "digest": "{{C}}", "size": 3 } }
            """));

        Assert.Equal([new OciDescriptor(TestArtifacts.OciManifest, A, 1), new OciDescriptor(TestArtifacts.OciManifest, B, 2, "x")], links.Children);
        Assert.Empty(links.Blobs);
        Assert.Equal(C, links.Subject!.Digest);
    }

    [Theory]
    [InlineData(TestArtifacts.OciManifest, "not json")]
    [InlineData(TestArtifacts.OciManifest, """{ "schemaVersion": 2, "layers": [] }""")]
    [InlineData(TestArtifacts.OciManifest, """{ "schemaVersion": 2, "config": { "size": 1, "mediaType": "m" }, "layers": [] }""")]
    [InlineData(TestArtifacts.OciManifest, """{ "schemaVersion": 2, "config": { "digest": "sha256:../../x", "size": 1, "mediaType": "m" }, "layers": [] }""")]
    [InlineData(TestArtifacts.OciIndex, """{ "schemaVersion": 2, "manifests": [ { "mediaType": "m", "digest": "sha256:00", "size": "big" } ] }""")]
    public void An_unreadable_manifest_fails_for_good(string mediaType, string json)
    {
        var failure = Assert.Throws<OciRegistryException>(() => ManifestLinks.Read(Manifest(mediaType, json)));

        Assert.False(failure.Transient);
        Assert.Equal("MANIFEST_INVALID", failure.ErrorCode);
    }

    private static OciManifest Manifest(string mediaType, string json)
    {
        var content = Encoding.UTF8.GetBytes(json);
        return new OciManifest(mediaType, Digests.Sha256(content), content);
    }
}
