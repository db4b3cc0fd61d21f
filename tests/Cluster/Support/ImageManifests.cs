using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Tests.Cluster.Support;

/// <summary>OCI manifest JSON around blobs the tests published for real.</summary>
internal static class ImageManifests
{
    private const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    private const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>
    /// An image manifest of one config and one layer; <paramref name="revision"/> goes into an
    /// annotation, so every revision over the same blobs has its own digest.
    /// </summary>
    public static byte[] Image((string Digest, long Size) config, (string Digest, long Size) layer, string revision)
    {
        var root = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaTypes.OciManifest,
            ["config"] = Descriptor(ConfigMediaType, config.Digest, config.Size),
            ["layers"] = new JsonArray(Descriptor(LayerMediaType, layer.Digest, layer.Size)),
            ["annotations"] = new JsonObject { ["org.opencontainers.image.revision"] = revision },
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>An image index listing one child manifest.</summary>
    public static byte[] Index(string childDigest, long childSize)
    {
        var root = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaTypes.OciIndex,
            ["manifests"] = new JsonArray(Descriptor(ManifestMediaTypes.OciManifest, childDigest, childSize)),
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };
}
