using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Tests.Unit.Registry;

public sealed class ManifestMediaTypesTests
{
    [Theory]
    [InlineData(ManifestMediaTypes.OciManifest, false, true)]
    [InlineData(ManifestMediaTypes.DockerManifest, false, true)]
    [InlineData(ManifestMediaTypes.OciIndex, true, false)]
    [InlineData(ManifestMediaTypes.DockerManifestList, true, false)]
    [InlineData(ManifestMediaTypes.OciEmpty, false, false)]
    [InlineData("application/vnd.docker.distribution.manifest.v1+json", false, false)]
    [InlineData("application/json", false, false)]
    [InlineData("APPLICATION/VND.OCI.IMAGE.MANIFEST.V1+JSON", false, false)]
    [InlineData("", false, false)]
    public void Classification_matches_the_four_manifest_types_exactly(string mediaType, bool index, bool image)
    {
        Assert.Equal(index, ManifestMediaTypes.IsIndex(mediaType));
        Assert.Equal(image, ManifestMediaTypes.IsImageManifest(mediaType));
        Assert.Equal(index || image, ManifestMediaTypes.IsKnown(mediaType));
    }
}
