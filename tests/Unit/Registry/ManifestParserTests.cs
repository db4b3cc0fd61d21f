using System.Text.Json.Nodes;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Storage.Metadata;
using static ArtifactKeeper.Tests.Unit.Registry.ManifestSamples;

namespace ArtifactKeeper.Tests.Unit.Registry;

public sealed class ManifestParserTests
{
    private static ParsedManifest ParseOk(string json, string? contentType = null)
    {
        var result = ManifestParser.Parse(Utf8(json), contentType);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(RegistryError.None, result.Error);
        Assert.Null(result.Message);
        return result.Manifest!;
    }

    [Fact]
    public void Parse_oci_image_returns_config_and_layers_as_blobs()
    {
        var manifest = ParseOk(OciImage, ManifestMediaTypes.OciManifest);

        Assert.Equal(ManifestMediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal("application/vnd.oci.image.config.v1+json", manifest.ArtifactType);
        Assert.Null(manifest.Subject);
        Assert.Equal(
            [new(ConfigDigest, ReferenceKind.Blob), new(Layer1, ReferenceKind.Blob), new(Layer2, ReferenceKind.Blob)],
            manifest.References);
        Assert.Equal("2024-05-01T10:00:00Z", Assert.Single(manifest.Annotations!).Value);
    }

    [Fact]
    public void Parse_docker_v2_image_returns_docker_type_and_blobs()
    {
        var manifest = ParseOk(DockerImage, ManifestMediaTypes.DockerManifest);

        Assert.Equal(ManifestMediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal("application/vnd.docker.container.image.v1+json", manifest.ArtifactType);
        Assert.Equal([new(ConfigDigest, ReferenceKind.Blob), new(Layer1, ReferenceKind.Blob)], manifest.References);
        Assert.Null(manifest.Annotations);
    }

    [Fact]
    public void Parse_oci_index_returns_children_as_manifest_references()
    {
        var manifest = ParseOk(OciIndex, ManifestMediaTypes.OciIndex);

        Assert.Equal(ManifestMediaTypes.OciIndex, manifest.MediaType);
        Assert.Null(manifest.ArtifactType);
        Assert.Equal([new(ChildAmd64, ReferenceKind.Manifest), new(ChildArm64, ReferenceKind.Manifest)], manifest.References);
        Assert.Equal("1.0", manifest.Annotations!["org.opencontainers.image.ref.name"]);
    }

    [Fact]
    public void Parse_docker_manifest_list_returns_children_as_manifest_references()
    {
        var manifest = ParseOk(DockerList, ManifestMediaTypes.DockerManifestList);

        Assert.Equal(ManifestMediaTypes.DockerManifestList, manifest.MediaType);
        Assert.Null(manifest.ArtifactType);
        Assert.Equal([new(ChildAmd64, ReferenceKind.Manifest)], manifest.References);
    }

    [Fact]
    public void Parse_artifact_with_subject_returns_artifact_type_and_subject_reference()
    {
        var manifest = ParseOk(SignatureArtifact, ManifestMediaTypes.OciManifest);

        Assert.Equal("application/vnd.dev.cosign.artifact.sig.v1+json", manifest.ArtifactType);
        Assert.Equal(new ManifestDescriptor(ManifestMediaTypes.OciManifest, SubjectDigest, 1234), manifest.Subject);
        Assert.Equal(
            [new(EmptyDigest, ReferenceKind.Blob), new(Layer1, ReferenceKind.Blob), new(SubjectDigest, ReferenceKind.Subject)],
            manifest.References);
    }

    [Fact]
    public void Parse_empty_config_artifact_without_artifact_type_uses_config_media_type()
    {
        var manifest = ParseOk(EmptyConfigArtifact);

        Assert.Equal(ManifestMediaTypes.OciEmpty, manifest.ArtifactType);
    }

    [Fact]
    public void Parse_same_blob_as_config_and_layer_is_referenced_once()
    {
        var manifest = ParseOk(EmptyConfigArtifact);

        Assert.Equal([new(EmptyDigest, ReferenceKind.Blob)], manifest.References);
    }

    [Fact]
    public void Parse_same_digest_as_blob_and_subject_keeps_both_kinds()
    {
        var json = Mutate(OciImage, m => m["subject"] = Descriptor(ManifestMediaTypes.OciManifest, Layer1, 3));

        var manifest = ParseOk(json);

        Assert.Contains(new ManifestReference(Layer1, ReferenceKind.Blob), manifest.References);
        Assert.Contains(new ManifestReference(Layer1, ReferenceKind.Subject), manifest.References);
        Assert.Equal(4, manifest.References.Count);
    }

    [Fact]
    public void Parse_foreign_layers_with_urls_are_skipped_and_others_kept()
    {
        var manifest = ParseOk(ForeignLayers);

        Assert.Equal(
            [
                new(ConfigDigest, ReferenceKind.Blob),
                new(Digest('5'), ReferenceKind.Blob),
                new(Digest('6'), ReferenceKind.Blob),
                new(Digest('7'), ReferenceKind.Blob),
            ],
            manifest.References);
    }

    [Fact]
    public void Parse_image_with_empty_layers_succeeds_with_config_only()
    {
        var json = Mutate(OciImage, m => m["layers"] = new JsonArray());

        var manifest = ParseOk(json);

        Assert.Equal([new(ConfigDigest, ReferenceKind.Blob)], manifest.References);
    }

    [Fact]
    public void Parse_without_media_type_field_uses_content_type_without_parameters()
    {
        var json = Mutate(DockerList, m => m.Remove("mediaType"));

        var manifest = ParseOk(json, "application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8");

        Assert.Equal(ManifestMediaTypes.DockerManifestList, manifest.MediaType);
    }

    [Fact]
    public void Parse_content_type_is_matched_case_insensitively()
    {
        var json = Mutate(OciImage, m => m.Remove("mediaType"));

        var manifest = ParseOk(json, "Application/VND.OCI.image.manifest.v1+json");

        Assert.Equal(ManifestMediaTypes.OciManifest, manifest.MediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("")]
    public void Parse_without_type_infers_index_from_manifests(string? contentType)
    {
        var json = $$"""{ "schemaVersion": 2, "manifests": [ { "mediaType": "x/y", "digest": "{{ChildAmd64}}", "size": 1 } ] }""";

        var manifest = ParseOk(json, contentType);

        Assert.Equal(ManifestMediaTypes.OciIndex, manifest.MediaType);
        Assert.Equal([new(ChildAmd64, ReferenceKind.Manifest)], manifest.References);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json; charset=utf-8")]
    public void Parse_without_type_infers_image_manifest_from_config(string? contentType)
    {
        var json = $$"""{ "schemaVersion": 2, "config": { "mediaType": "x/y", "digest": "{{ConfigDigest}}", "size": 1 }, "layers": [] }""";

        var manifest = ParseOk(json, contentType);

        Assert.Equal(ManifestMediaTypes.OciManifest, manifest.MediaType);
        Assert.Equal("x/y", manifest.ArtifactType);
    }

    [Fact]
    public void Parse_field_type_wins_over_unknown_content_type()
    {
        var manifest = ParseOk(OciIndex, "application/octet-stream");

        Assert.Equal(ManifestMediaTypes.OciIndex, manifest.MediaType);
    }

    [Fact]
    public void Parse_null_optional_fields_are_treated_as_absent()
    {
        var json = Mutate(OciImage, m =>
        {
            m["subject"] = null;
            m["artifactType"] = null;
            m["annotations"] = null;
            m["unknownField"] = new JsonObject { ["nested"] = 1 };
        });

        var manifest = ParseOk(json);

        Assert.Null(manifest.Subject);
        Assert.Null(manifest.Annotations);
        Assert.Equal("application/vnd.oci.image.config.v1+json", manifest.ArtifactType);
    }

    [Fact]
    public void Parse_index_with_artifact_type_and_subject_keeps_both()
    {
        var json = Mutate(OciIndex, m =>
        {
            m["artifactType"] = "application/vnd.example.sbom";
            m["subject"] = Descriptor(ManifestMediaTypes.OciIndex, SubjectDigest, 9);
        });

        var manifest = ParseOk(json);

        Assert.Equal("application/vnd.example.sbom", manifest.ArtifactType);
        Assert.Equal(SubjectDigest, manifest.Subject!.Digest);
        Assert.Equal(new ManifestReference(SubjectDigest, ReferenceKind.Subject), manifest.References[^1]);
    }

    [Fact]
    public void Parse_compact_json_with_zero_sized_config_succeeds()
    {
        var json = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"a/b","digest":"{{ConfigDigest}}","size":0},"layers":[]}""";

        var manifest = ParseOk(json);

        Assert.Equal(new ManifestReference(ConfigDigest, ReferenceKind.Blob), Assert.Single(manifest.References));
    }
}
