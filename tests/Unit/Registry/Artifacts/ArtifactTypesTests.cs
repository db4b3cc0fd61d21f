using ArtifactKeeper.Registry.Artifacts;

namespace ArtifactKeeper.Tests.Unit.Registry.Artifacts;

public sealed class ArtifactTypesTests
{
    [Theory]
    [InlineData("application/vnd.oci.image.config.v1+json", "IMAGE")]
    [InlineData("application/vnd.docker.container.image.v1+json", "IMAGE")]
    [InlineData("application/vnd.oci.image.index.v1+json", "IMAGE")]
    [InlineData("application/vnd.docker.distribution.manifest.list.v2+json", "IMAGE")]
    [InlineData("application/vnd.cncf.helm.config.v1+json", "CHART")]
    [InlineData("application/vnd.cnab.manifest.v1", "CNAB")]
    [InlineData("application/vnd.wasm.config.v1+json", "WASM")]
    [InlineData("application/vnd.module.wasm.config.v1+json", "WASM")]
    [InlineData("application/vnd.acme.rocket.config.v1+json", "ROCKET")]
    [InlineData("application/vnd.cncf.openpolicyagent.config.v1+json", "OPENPOLICYAGENT")]
    [InlineData("application/vnd.oci.empty.v1+json", "UNKNOWN")]
    [InlineData("application/spdx+json", "UNKNOWN")]
    [InlineData("", "UNKNOWN")]
    public void Of_derives_Harbor_type_from_media_type(string mediaType, string expected) =>
        Assert.Equal(expected, ArtifactTypes.Of(mediaType));
}
