using ArtifactKeeper.Registry.Artifacts;

namespace ArtifactKeeper.Tests.Unit.Registry.Artifacts;

public sealed class AccessoryTypesTests
{
    [Theory]
    [InlineData("application/vnd.dev.cosign.artifact.sig.v1+json", "signature.cosign")]
    [InlineData("application/vnd.cncf.notary.signature", "signature.notation")]
    [InlineData("application/vnd.goharbor.harbor.sbom.v1", "harbor.sbom")]
    [InlineData("application/spdx+json", "subject.accessory")]
    [InlineData(null, "subject.accessory")]
    public void Of_reads_the_artifact_type(string? artifactType, string expected) =>
        Assert.Equal(expected, AccessoryTypes.Of(artifactType, []));

    [Fact]
    public void Of_recognises_the_cosign_tag_scheme()
    {
        var tag = AccessoryTypes.CosignSignatureTag("sha256:abc");

        Assert.Equal("sha256-abc.sig", tag);
        Assert.Equal("signature.cosign", AccessoryTypes.Of("application/vnd.oci.image.config.v1+json", ["latest", tag]));
        Assert.Equal("subject.accessory", AccessoryTypes.Of(null, ["sha256-abc.att"]));
    }
}
