using System.Text.Json.Nodes;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>Builds manifest JSON around digests the tests published for real.</summary>
internal static class Manifests
{
    public const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";

    public static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    public static byte[] Image(
        (string Digest, long Size) config,
        (string Digest, long Size) layer,
        string? subjectDigest = null,
        string? artifactType = null,
        string configMediaType = "application/vnd.oci.image.config.v1+json")
    {
        var root = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaTypes.OciManifest,
        };
        if (artifactType is not null)
        {
            root["artifactType"] = artifactType;
        }

        root["config"] = Descriptor(configMediaType, config.Digest, config.Size);
        root["layers"] = new JsonArray(Descriptor(LayerMediaType, layer.Digest, layer.Size));
        if (subjectDigest is not null)
        {
            root["subject"] = Descriptor(ManifestMediaTypes.OciManifest, subjectDigest, 100);
        }

        return TestContent.Utf8(root.ToJsonString());
    }

    public static byte[] Index(params JsonObject[] children)
    {
        var root = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaTypes.OciIndex,
            ["manifests"] = new JsonArray(children),
        };
        return TestContent.Utf8(root.ToJsonString());
    }
}
