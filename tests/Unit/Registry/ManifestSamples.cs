using System.Text;
using System.Text.Json.Nodes;

namespace ArtifactKeeper.Tests.Unit.Registry;

/// <summary>Real-looking manifests as pushed by docker, buildx, oras and cosign.</summary>
internal static class ManifestSamples
{
    public static readonly string ConfigDigest = Digest('c');
    public static readonly string Layer1 = Digest('1');
    public static readonly string Layer2 = Digest('2');
    public static readonly string ChildAmd64 = Digest('a');
    public static readonly string ChildArm64 = Digest('b');
    public static readonly string SubjectDigest = Digest('e');
    public static readonly string EmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    public static string Digest(char hex) => "sha256:" + new string(hex, 64);

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    /// <summary>Returns <paramref name="json"/> after <paramref name="edit"/> changed its root object.</summary>
    public static string Mutate(string json, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    public static string OciImage => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": { "mediaType": "application/vnd.oci.image.config.v1+json", "digest": "{{ConfigDigest}}", "size": 1470 },
          "layers": [
            { "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "{{Layer1}}", "size": 3623807 },
            { "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "{{Layer2}}", "size": 32 }
          ],
          "annotations": { "org.opencontainers.image.created": "2024-05-01T10:00:00Z" }
        }
        """;

    public static string DockerImage => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
          "config": { "mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023, "digest": "{{ConfigDigest}}" },
          "layers": [
            { "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 32654, "digest": "{{Layer1}}" }
          ]
        }
        """;

    public static string OciIndex => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.index.v1+json",
          "manifests": [
            { "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{ChildAmd64}}", "size": 1024,
              "platform": { "architecture": "amd64", "os": "linux" } },
            { "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{ChildArm64}}", "size": 1024,
              "platform": { "architecture": "arm64", "os": "linux", "variant": "v8" } }
          ],
          "annotations": { "org.opencontainers.image.ref.name": "1.0" }
        }
        """;

    public static string DockerList => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
          "manifests": [
            { "mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528, "digest": "{{ChildAmd64}}",
              "platform": { "architecture": "amd64", "os": "linux" } }
          ]
        }
        """;

    public static string SignatureArtifact => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "artifactType": "application/vnd.dev.cosign.artifact.sig.v1+json",
          "config": { "mediaType": "application/vnd.oci.empty.v1+json", "digest": "{{EmptyDigest}}", "size": 2, "data": "e30=" },
          "layers": [
            { "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "digest": "{{Layer1}}", "size": 4512 }
          ],
          "subject": { "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "{{SubjectDigest}}", "size": 1234 },
          "annotations": { "org.opencontainers.image.created": "2024-05-01T10:00:00Z" }
        }
        """;

    public static string EmptyConfigArtifact => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": { "mediaType": "application/vnd.oci.empty.v1+json", "digest": "{{EmptyDigest}}", "size": 2 },
          "layers": [
            { "mediaType": "application/vnd.oci.empty.v1+json", "digest": "{{EmptyDigest}}", "size": 2 }
          ]
        }
        """;

    public static string ForeignLayers => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
          "config": { "mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, "digest": "{{ConfigDigest}}" },
          "layers": [
            { "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "size": 5, "digest": "{{Digest('3')}}",
              "urls": [ "https://mcr.microsoft.com/v2/windows/blobs/x" ] },
            { "mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "size": 5, "digest": "{{Digest('4')}}",
              "urls": [ "https://example.com/layer" ] },
            { "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "size": 5, "digest": "{{Digest('5')}}" },
            { "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "size": 5, "digest": "{{Digest('6')}}", "urls": [] },
            { "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 5, "digest": "{{Digest('7')}}",
              "urls": [ "https://example.com/layer" ] }
          ]
        }
        """;

    /// <summary>An OCI image manifest with one good layer followed by <paramref name="layerJson"/> (so at layers[1]).</summary>
    public static string ImageWithLayer(string layerJson) => $$"""
        {
          "schemaVersion": 2,
          "mediaType": "application/vnd.oci.image.manifest.v1+json",
          "config": { "mediaType": "application/vnd.oci.image.config.v1+json", "digest": "{{ConfigDigest}}", "size": 10 },
          "layers": [ { "mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "{{Layer1}}", "size": 1 }, {{layerJson}} ]
        }
        """;
}
