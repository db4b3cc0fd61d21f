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
        var subject = "sha256:" + new string('c', 64);
        var tags = AccessoryTypes.CosignTags(subject);

        Assert.Equal(["sig", "att", "sbom"], tags.Select(t => t[(t.LastIndexOf('.') + 1)..]));
        Assert.Equal("signature.cosign", AccessoryTypes.Of("application/vnd.oci.image.config.v1+json", ["latest", tags[0]]));
        Assert.Equal("attestation.cosign", AccessoryTypes.Of("application/vnd.oci.image.config.v1+json", [tags[1]]));
        Assert.Equal("sbom.cosign", AccessoryTypes.Of(null, [tags[2], "latest"]));
        Assert.Equal("signature.cosign", AccessoryTypes.Of(null, [tags[2], tags[0]]));
        Assert.Equal("subject.accessory", AccessoryTypes.Of(null, ["sha256-abc.att"]));
    }

    [Fact]
    public void An_artifact_type_wins_over_a_cosign_tag()
    {
        var attestationTag = AccessoryTypes.CosignTags("sha256:" + new string('c', 64))[1];

        Assert.Equal("signature.notation", AccessoryTypes.Of("application/vnd.cncf.notary.signature", [attestationTag]));
    }
}
