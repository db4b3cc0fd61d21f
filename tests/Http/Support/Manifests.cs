using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>Builds manifest and index JSON, and computes sha256 digests.</summary>
public static class Manifests
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    /// <summary>The OCI empty blob <c>{}</c>, the config of artifacts that have none.</summary>
    public static readonly byte[] EmptyJson = "{}"u8.ToArray();

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static JsonObject Descriptor(string mediaType, byte[] content, string? artifactType = null) =>
        Descriptor(mediaType, Digest(content), content.Length, artifactType);

    public static JsonObject Descriptor(string mediaType, string digest, long size, string? artifactType = null)
    {
        var descriptor = new JsonObject { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };
        if (artifactType is not null)
        {
            descriptor["artifactType"] = artifactType;
        }

        return descriptor;
    }

    /// <summary>An image manifest (OCI or Docker schema 2) over a config and layers.</summary>
    public static byte[] Image(
        JsonObject config,
        IEnumerable<JsonObject> layers,
        string mediaType = OciManifest,
        string? artifactType = null,
        JsonObject? subject = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["config"] = config,
            ["layers"] = new JsonArray([.. layers]),
        };
        if (artifactType is not null)
        {
            manifest["artifactType"] = artifactType;
        }

        if (subject is not null)
        {
            manifest["subject"] = subject;
        }

        if (annotations is not null)
        {
            manifest["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
        }

        return ToBytes(manifest);
    }

    /// <summary>An image index or Docker manifest list over child manifests.</summary>
    public static byte[] Index(IEnumerable<JsonObject> children, string mediaType = OciIndex) =>
        ToBytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["manifests"] = new JsonArray([.. children]),
        });

    // Real clients write '+' in media types literally; the default encoder would escape it as \u002B.
    public static byte[] ToBytes(JsonNode node) => System.Text.Encoding.UTF8.GetBytes(node.ToJsonString(Relaxed));
}
