using System.Text;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Scanning.Engine;

namespace ArtifactKeeper.Tests.Unit.Scanning.Engine;

public sealed class ScanTargetClassifierTests
{
    private const string Digest = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    private static byte[] Manifest(string configType, string layerType, string? artifactType = null) => Encoding.UTF8.GetBytes(
        $$"""
        {"schemaVersion":2,"mediaType":"{{ManifestMediaTypes.OciManifest}}",{{(artifactType is null ? string.Empty : $"\"artifactType\":\"{artifactType}\",")}}
         "config":{"mediaType":"{{configType}}","digest":"{{Digest}}","size":2},
         "layers":[{"mediaType":"{{layerType}}","digest":"{{Digest}}","size":10}]}
        """);

    [Theory]
    [InlineData("application/vnd.oci.image.config.v1+json", "application/vnd.oci.image.layer.v1.tar+gzip")]
    [InlineData("application/vnd.oci.image.config.v1+json", "application/vnd.oci.image.layer.v1.tar+zstd")]
    [InlineData("application/vnd.docker.container.image.v1+json", "application/vnd.docker.image.rootfs.diff.tar.gzip")]
    public void An_image_config_with_filesystem_layers_is_an_image(string config, string layer)
    {
        var target = ScanTargetClassifier.Classify(ManifestMediaTypes.OciManifest, Manifest(config, layer));
        Assert.Equal(ScanTargetKind.Image, target.Kind);
        Assert.True(target.IsImage);
    }

    [Theory]
    [InlineData("application/vnd.cyclonedx+json")]
    [InlineData("application/vnd.cyclonedx")]
    [InlineData("application/spdx+json")]
    [InlineData("text/spdx+json")]
    [InlineData("text/spdx")]
    public void A_layer_of_an_SBOM_media_type_makes_an_SBOM(string sbomType)
    {
        var target = ScanTargetClassifier.Classify(ManifestMediaTypes.OciManifest, Manifest("application/vnd.oci.empty.v1+json", sbomType));
        Assert.Equal(ScanTargetKind.Sbom, target.Kind);
        Assert.Equal(sbomType, target.Document!.MediaType);
        Assert.False(target.IsImage);
    }

    [Fact]
    public void An_artifactType_naming_an_SBOM_makes_an_SBOM()
    {
        var target = ScanTargetClassifier.Classify(
            ManifestMediaTypes.OciManifest, Manifest("application/vnd.oci.empty.v1+json", "application/json", "application/spdx+json"));
        Assert.Equal(ScanTargetKind.Sbom, target.Kind);
    }

    [Theory]
    [InlineData("application/vnd.cncf.helm.config.v1+json", "application/vnd.cncf.helm.chart.content.v1.tar+gzip")]
    [InlineData("application/vnd.oci.image.config.v1+json", "application/vnd.dev.cosign.simplesigning.v1+json")]
    [InlineData("application/vnd.cncf.notary.signature", "application/jose+json")]
    public void Charts_and_signatures_are_not_scannable(string config, string layer)
    {
        var target = ScanTargetClassifier.Classify(ManifestMediaTypes.OciManifest, Manifest(config, layer));
        Assert.Equal(ScanTargetKind.Unsupported, target.Kind);
        Assert.Contains("not scannable", target.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_lists_its_image_children_without_attestations()
    {
        var a = "sha256:" + new string('a', 64);
        var b = "sha256:" + new string('b', 64);
        var index = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OciIndex + "\",\"manifests\":[" +
            "{\"mediaType\":\"" + ManifestMediaTypes.OciManifest + "\",\"digest\":\"" + a + "\",\"size\":1}," +
            "{\"mediaType\":\"" + ManifestMediaTypes.OciManifest + "\",\"digest\":\"" + b + "\",\"size\":1," +
            "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}]}");
        var target = ScanTargetClassifier.Classify(ManifestMediaTypes.OciIndex, index);
        Assert.Equal(ScanTargetKind.Index, target.Kind);
        Assert.Equal([a], target.Children.Select(c => c.Digest));
    }

    [Fact]
    public void Malformed_json_is_not_scannable()
    {
        Assert.Equal(ScanTargetKind.Unsupported, ScanTargetClassifier.Classify(ManifestMediaTypes.OciManifest, "{"u8).Kind);
    }
}
