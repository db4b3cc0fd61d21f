using System.Text;
using ArtifactKeeper.Scanning.Prevention;

namespace ArtifactKeeper.Tests.Unit.Scanning;

public sealed class SbomAccessoriesTests
{
    private const string Subject = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("""{"artifactType":"application/spdx+json","config":{"mediaType":"application/vnd.oci.empty.v1+json"}}""", Subject, true)]
    [InlineData("""{"config":{"mediaType":"application/vnd.goharbor.harbor.sbom.v1"}}""", Subject, true)]
    [InlineData("""{"artifactType":"application/vnd.cyclonedx+json"}""", null, false)]
    [InlineData("""{"config":{"mediaType":"application/vnd.oci.image.config.v1+json"}}""", Subject, false)]
    [InlineData("not json", Subject, false)]
    public void Only_an_sbom_with_a_subject_is_an_accessory(string manifest, string? subject, bool expected) =>
        Assert.Equal(expected, SbomAccessories.IsSbomAccessory(subject, Encoding.UTF8.GetBytes(manifest)));
}
