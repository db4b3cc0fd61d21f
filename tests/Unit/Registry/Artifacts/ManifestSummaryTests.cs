using System.Text;
using ArtifactKeeper.Registry.Artifacts;

namespace ArtifactKeeper.Tests.Unit.Registry.Artifacts;

public sealed class ManifestSummaryTests
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";

    [Fact]
    public void Image_manifest_gives_config_layers_and_Harbor_size()
    {
        var json = """
            {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:c","size":100},
             "layers":[{"mediaType":"l","digest":"sha256:l1","size":1000},{"mediaType":"l","digest":"sha256:l2","size":24,"urls":["https://x"]}]}
            """;

        var summary = ManifestSummary.Parse(OciManifest, Encoding.UTF8.GetBytes(json));

        Assert.False(summary.IsIndex);
        Assert.Equal("sha256:c", summary.Config!.Digest);
        Assert.Equal(2, summary.Layers.Count);
        Assert.Equal(["https://x"], summary.Layers[1].Urls);
        Assert.Equal(7 + 100 + 1000 + 24, summary.ImageSize(7));
        Assert.Equal("application/vnd.oci.image.config.v1+json", summary.ArtifactMediaType(null));
    }

    [Fact]
    public void Empty_config_takes_the_artifact_type_as_media_type()
    {
        var json = """{"schemaVersion":2,"artifactType":"application/x","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:e","size":2},"layers":[]}""";

        var summary = ManifestSummary.Parse(OciManifest, Encoding.UTF8.GetBytes(json));

        Assert.Equal("application/x", summary.ArtifactMediaType("application/x"));
        Assert.Equal("application/vnd.oci.empty.v1+json", summary.ArtifactMediaType(null));
    }

    [Fact]
    public void Index_gives_children_with_platform_annotations_and_urls()
    {
        var json = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"m","digest":"sha256:a","size":5,"platform":{"architecture":"arm64","os":"linux","variant":"v8"},"annotations":{"k":"v"}},
              {"mediaType":"m","digest":"sha256:b","size":6}]}
            """;

        var summary = ManifestSummary.Parse(OciIndex, Encoding.UTF8.GetBytes(json));

        Assert.True(summary.IsIndex);
        Assert.Null(summary.Config);
        Assert.Equal(["sha256:a", "sha256:b"], summary.Children.Select(c => c.Digest));
        Assert.Equal("v8", summary.Children[0].Platform!.Value.GetProperty("variant").GetString());
        Assert.Equal("v", summary.Children[0].Annotations!["k"]);
        Assert.Null(summary.Children[1].Platform);
        Assert.Equal(OciIndex, summary.ArtifactMediaType(null));
    }

    [Fact]
    public void Cnab_bundle_index_is_a_cnab_manifest()
    {
        var json = """{"schemaVersion":2,"manifests":[],"annotations":{"io.cnab.runtime_version":"v1.0.0"}}""";

        var summary = ManifestSummary.Parse(OciIndex, Encoding.UTF8.GetBytes(json));

        Assert.Equal("CNAB", ArtifactTypes.Of(summary.ArtifactMediaType(null)));
    }
}
