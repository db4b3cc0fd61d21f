using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Unit.Registry;

public sealed class ReferrersTagSchemaTests
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    [Fact]
    public void TagFor_replaces_colon_with_dash()
    {
        Assert.Equal("sha256-" + new string('e', 64), ReferrersTagSchema.TagFor(ManifestSamples.SubjectDigest));
    }

    [Fact]
    public void ReadDescriptors_fallback_index_returns_every_entry_with_details()
    {
        var json = $$"""
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.index.v1+json",
              "manifests": [
                { "mediaType": "{{ManifestType}}", "digest": "{{ManifestSamples.Digest('1')}}", "size": 512,
                  "artifactType": "application/vnd.dev.cosign.artifact.sig.v1+json",
                  "annotations": { "org.opencontainers.image.created": "2024-05-01T10:00:00Z", "count": 3 } },
                { "mediaType": "{{ManifestType}}", "digest": "{{ManifestSamples.Digest('2')}}", "size": 7 }
              ]
            }
            """;

        var descriptors = ReferrersTagSchema.ReadDescriptors(ManifestSamples.Utf8(json));

        Assert.Equal(2, descriptors.Count);
        var first = descriptors[0];
        Assert.Equal(ManifestType, first.MediaType);
        Assert.Equal(ManifestSamples.Digest('1'), first.Digest);
        Assert.Equal(512, first.Size);
        Assert.Equal("application/vnd.dev.cosign.artifact.sig.v1+json", first.ArtifactType);
        var annotation = Assert.Single(first.Annotations!);
        Assert.Equal(new KeyValuePair<string, string>("org.opencontainers.image.created", "2024-05-01T10:00:00Z"), annotation);
        Assert.Equal(new ReferrerDescriptor(ManifestType, ManifestSamples.Digest('2'), 7, null, null), descriptors[1]);
    }

    [Theory]
    [InlineData("""{ "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111", "size": 1 }""")]
    [InlineData("""{ "mediaType": "m", "size": 1 }""")]
    [InlineData("""{ "mediaType": "m", "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111" }""")]
    [InlineData("""{ "mediaType": "m", "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111", "size": "1" }""")]
    [InlineData("""{ "mediaType": "m", "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111", "size": 1.5 }""")]
    [InlineData("""{ "mediaType": 5, "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111", "size": 1 }""")]
    [InlineData("""{ "mediaType": "m", "digest": "sha256:XYZ", "size": 1 }""")]
    [InlineData("""{ "mediaType": "m", "digest": "md5:1111", "size": 1 }""")]
    [InlineData("\"not an object\"")]
    [InlineData("null")]
    public void ReadDescriptors_malformed_entry_is_skipped(string entry)
    {
        var json = $$"""
            { "manifests": [ {{entry}}, { "mediaType": "m", "digest": "{{ManifestSamples.Digest('2')}}", "size": 2 } ] }
            """;

        var descriptors = ReferrersTagSchema.ReadDescriptors(ManifestSamples.Utf8(json));

        Assert.Equal(ManifestSamples.Digest('2'), Assert.Single(descriptors).Digest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{}")]
    [InlineData("""{ "manifests": {} }""")]
    [InlineData("""{ "manifests": null }""")]
    [InlineData("""{ "manifests": [] }""")]
    public void ReadDescriptors_content_without_manifest_list_returns_empty(string json)
    {
        Assert.Empty(ReferrersTagSchema.ReadDescriptors(ManifestSamples.Utf8(json)));
    }

    [Fact]
    public void ReadDescriptors_non_string_artifact_type_is_ignored()
    {
        var json = $$"""
            { "manifests": [ { "mediaType": "m", "digest": "{{ManifestSamples.Digest('3')}}", "size": 3, "artifactType": 7, "annotations": [] } ] }
            """;

        var descriptor = Assert.Single(ReferrersTagSchema.ReadDescriptors(ManifestSamples.Utf8(json)));

        Assert.Null(descriptor.ArtifactType);
        Assert.Null(descriptor.Annotations);
    }
}
