using System.Text.Json.Nodes;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Registry.Manifests;
using static ArtifactKeeper.Tests.Unit.Registry.ManifestSamples;

namespace ArtifactKeeper.Tests.Unit.Registry;

public sealed class ManifestParserErrorTests
{
    private static string AssertRefused(string json, string? contentType, RegistryError expected)
    {
        var result = ManifestParser.Parse(Utf8(json), contentType);

        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Error);
        Assert.Null(result.Manifest);
        Assert.False(string.IsNullOrEmpty(result.Message));
        return result.Message!;
    }

    [Fact]
    public void Parse_empty_content_returns_manifest_invalid()
    {
        var result = ManifestParser.Parse([], ManifestMediaTypes.OciManifest);

        Assert.Equal(RegistryError.ManifestInvalid, result.Error);
        Assert.Equal("manifest is empty", result.Message);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"schemaVersion\": 2,}")]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\": 2} trailing")]
    [InlineData("{\"schemaVersion\": 2}{}")]
    public void Parse_malformed_json_returns_manifest_invalid(string json)
    {
        var message = AssertRefused(json, ManifestMediaTypes.OciManifest, RegistryError.ManifestInvalid);

        Assert.StartsWith("manifest is not valid JSON: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_duplicate_property_returns_manifest_invalid()
    {
        var json = OciImage.Replace("\"schemaVersion\": 2,", "\"schemaVersion\": 2, \"layers\": [],", StringComparison.Ordinal);

        var message = AssertRefused(json, null, RegistryError.ManifestInvalid);

        Assert.StartsWith("manifest is not valid JSON: ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"manifest\"")]
    [InlineData("2")]
    [InlineData("null")]
    public void Parse_non_object_returns_manifest_invalid(string json)
    {
        Assert.Equal("manifest must be a JSON object", AssertRefused(json, null, RegistryError.ManifestInvalid));
    }

    [Theory]
    [InlineData("application/vnd.docker.distribution.manifest.v1+json", null)]
    [InlineData("application/vnd.docker.distribution.manifest.v1+prettyjws", null)]
    [InlineData(null, "application/vnd.docker.distribution.manifest.v1+prettyjws")]
    [InlineData(null, "application/vnd.docker.distribution.manifest.v1+json; charset=utf-8")]
    public void Parse_docker_schema1_returns_unsupported(string? fieldType, string? contentType)
    {
        var json = Mutate("""{ "schemaVersion": 1, "name": "library/alpine", "tag": "3", "fsLayers": [] }""", m =>
        {
            if (fieldType is not null)
            {
                m["mediaType"] = fieldType;
            }
        });

        var message = AssertRefused(json, contentType, RegistryError.Unsupported);

        Assert.Contains("schema1", message, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadSchemaVersions => new() { "1", "3", "\"2\"", "2.5", "null", "-2", "true" };

    [Theory]
    [MemberData(nameof(BadSchemaVersions))]
    public void Parse_schema_version_other_than_2_returns_manifest_invalid(string version)
    {
        var json = Mutate(OciImage, m => m["schemaVersion"] = JsonNode.Parse(version));

        Assert.Equal("schemaVersion must be 2", AssertRefused(json, null, RegistryError.ManifestInvalid));
    }

    [Fact]
    public void Parse_missing_schema_version_returns_manifest_invalid()
    {
        var json = Mutate(OciImage, m => m.Remove("schemaVersion"));

        Assert.Equal("schemaVersion must be 2", AssertRefused(json, null, RegistryError.ManifestInvalid));
    }

    [Fact]
    public void Parse_media_type_field_contradicting_content_type_returns_manifest_invalid()
    {
        var message = AssertRefused(OciImage, ManifestMediaTypes.DockerManifest + "; charset=utf-8", RegistryError.ManifestInvalid);

        Assert.Equal(
            $"mediaType {ManifestMediaTypes.OciManifest} does not match Content-Type {ManifestMediaTypes.DockerManifest}",
            message);
    }

    [Fact]
    public void Parse_unknown_media_type_field_returns_unsupported()
    {
        var json = Mutate(OciImage, m => m["mediaType"] = "application/vnd.example.thing.v1+json");

        var message = AssertRefused(json, ManifestMediaTypes.OciManifest, RegistryError.Unsupported);

        Assert.Equal("unsupported manifest media type application/vnd.example.thing.v1+json", message);
    }

    [Fact]
    public void Parse_unknown_content_type_without_field_or_shape_returns_unsupported()
    {
        var message = AssertRefused("""{ "schemaVersion": 2, "blobs": [] }""", "application/json", RegistryError.Unsupported);

        Assert.Equal("unsupported manifest media type application/json", message);
    }

    [Fact]
    public void Parse_no_type_information_at_all_returns_manifest_invalid()
    {
        var message = AssertRefused("""{ "schemaVersion": 2 }""", null, RegistryError.ManifestInvalid);

        Assert.Contains("no mediaType", message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> StructuralErrors => new()
    {
        { Mutate(OciImage, m => m["mediaType"] = 5), "mediaType must be a string" },
        { Mutate(OciImage, m => m.Remove("config")), "config is required" },
        { Mutate(OciImage, m => m["config"] = null), "config is required" },
        { Mutate(OciImage, m => m["config"] = "sha256"), "config must be a descriptor object" },
        { Mutate(OciImage, m => m.Remove("layers")), "layers is required" },
        { Mutate(OciImage, m => m["layers"] = new JsonObject()), "layers must be an array" },
        { Mutate(OciIndex, m => m.Remove("manifests")), "manifests is required" },
        { Mutate(DockerList, m => m["manifests"] = 1), "manifests must be an array" },
        { Mutate(OciIndex, m => m["manifests"]![1] = "x"), "manifests[1] must be a descriptor object" },
        { Mutate(OciIndex, m => m["manifests"]![1]!["digest"] = "sha256:abc"), "manifests[1].digest is not a valid sha256 digest" },
        { Mutate(OciImage, m => m["config"]!.AsObject().Remove("mediaType")), "config.mediaType is required" },
        { Mutate(OciImage, m => m["config"]!["mediaType"] = 1), "config.mediaType must be a non-empty string" },
        { Mutate(OciImage, m => m["config"]!["mediaType"] = ""), "config.mediaType must be a non-empty string" },
        { Mutate(OciImage, m => m["config"]!.AsObject().Remove("digest")), "config.digest is required" },
        { Mutate(OciImage, m => m["config"]!["digest"] = 256), "config.digest is not a valid sha256 digest" },
        { Mutate(OciImage, m => m["config"]!.AsObject().Remove("size")), "config.size is required" },
        { Mutate(OciImage, m => m["config"]!["size"] = -1), "config.size must be a non-negative integer" },
        { Mutate(OciImage, m => m["config"]!["size"] = 1.5), "config.size must be a non-negative integer" },
        { Mutate(OciImage, m => m["config"]!["size"] = "12"), "config.size must be a non-negative integer" },
        { Mutate(OciImage, m => m["layers"]![1]!["digest"] = Layer2.ToUpperInvariant()), "layers[1].digest is not a valid sha256 digest" },
        { Mutate(OciImage, m => m["layers"]![0]!["digest"] = "sha512:" + new string('a', 128)), "layers[0].digest is not a valid sha256 digest" },
        { ImageWithLayer($$"""{ "mediaType": "a/b", "digest": "{{Layer2}}", "size": 1, "urls": "https://x" }"""), "layers[1].urls must be an array of strings" },
        { ImageWithLayer($$"""{ "mediaType": "a/b", "digest": "{{Layer2}}", "size": 1, "urls": [1] }"""), "layers[1].urls must be an array of strings" },
        { Mutate(OciImage, m => m["subject"] = new JsonArray()), "subject must be a descriptor object" },
        { Mutate(OciImage, m => m["subject"] = Descriptor("a/b", "sha256:", 1)), "subject.digest is not a valid sha256 digest" },
        { Mutate(OciImage, m => m["artifactType"] = 7), "artifactType must be a string" },
        { Mutate(OciImage, m => m["artifactType"] = ""), "artifactType must not be empty" },
        { Mutate(OciImage, m => m["annotations"] = new JsonArray()), "annotations must be an object of strings" },
        { Mutate(OciIndex, m => m["annotations"]!["build.number"] = 42), "annotations.build.number must be a string" },
        { Mutate(OciIndex, m => m["annotations"]!["x"] = null), "annotations.x must be a string" },
    };

    [Theory]
    [MemberData(nameof(StructuralErrors))]
    public void Parse_structural_error_returns_manifest_invalid_naming_the_field(string json, string expectedMessage)
    {
        Assert.Equal(expectedMessage, AssertRefused(json, null, RegistryError.ManifestInvalid));
    }

    [Fact]
    public void Parse_layer_error_names_the_failing_index_after_valid_layers()
    {
        var json = Mutate(ForeignLayers, m => m["layers"]![2]!["size"] = -5);

        Assert.Equal("layers[2].size must be a non-negative integer", AssertRefused(json, null, RegistryError.ManifestInvalid));
    }
}
