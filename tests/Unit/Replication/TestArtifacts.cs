using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Unit.Replication;

/// <summary>Builds blobs, image manifests, indexes and referrers, and puts them into an <see cref="InMemoryOciRegistry"/>.</summary>
internal static class TestArtifacts
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string CosignSignature = "application/vnd.dev.cosign.artifact.sig.v1+json";

    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    /// <summary>An image (config + one layer) stored in <paramref name="repository"/>; returns its manifest.</summary>
    public static OciManifest Image(InMemoryOciRegistry registry, string repository, string? tag = null, JsonObject? subject = null, string? artifactType = null)
    {
        var config = System.Text.Encoding.UTF8.GetBytes($"{{\"n\":\"{Guid.NewGuid():N}\"}}");
        var layer = RandomBytes(700 + Random.Shared.Next(300));
        registry.AddBlob(repository, config);
        registry.AddBlob(repository, layer);
        var json = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", Digests.Sha256(config), config.Length),
            ["layers"] = new JsonArray(Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Digests.Sha256(layer), layer.Length)),
        };
        if (artifactType is not null)
        {
            json["artifactType"] = artifactType;
        }

        if (subject is not null)
        {
            json["subject"] = subject;
            json["annotations"] = new JsonObject { ["org.example.kind"] = "signature" };
        }

        var manifest = Manifest(OciManifest, json);
        registry.AddManifest(repository, manifest, tag);
        return manifest;
    }

    public static OciManifest Index(InMemoryOciRegistry registry, string repository, string? tag, params OciManifest[] children)
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciIndex,
            ["manifests"] = new JsonArray([.. children.Select(c => Descriptor(c.MediaType, c.Digest, c.Content.Length))]),
        };
        var manifest = Manifest(OciIndex, json);
        registry.AddManifest(repository, manifest, tag);
        return manifest;
    }

    /// <summary>A signature-like referrer of <paramref name="subject"/>.</summary>
    public static OciManifest Signature(InMemoryOciRegistry registry, string repository, OciManifest subject, string? tag = null) =>
        Image(registry, repository, tag, Descriptor(subject.MediaType, subject.Digest, subject.Content.Length), CosignSignature);

    public static OciManifest Manifest(string mediaType, JsonObject json)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(json);
        return new OciManifest(mediaType, Digests.Sha256(content), content);
    }
}
