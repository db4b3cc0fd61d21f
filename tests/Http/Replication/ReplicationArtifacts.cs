using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>A multi-arch image (an OCI index over two platform images) with a signature referring to the index, pushed as a client pushes.</summary>
internal sealed record MultiArchImage(string Repository, string Tag, string IndexDigest, byte[] Index, PushedImage Amd64, PushedImage Arm64, string SignatureDigest, byte[] Signature, byte[] SignatureLayer)
{
    public const string SignatureType = "application/vnd.dev.cosign.artifact.sig.v1+json";

    public IEnumerable<(string Digest, byte[] Content)> Blobs =>
    [
        (Amd64.ConfigDigest, Amd64.Config), (Amd64.LayerDigest, Amd64.Layer),
        (Arm64.ConfigDigest, Arm64.Config), (Arm64.LayerDigest, Arm64.Layer),
        (Manifests.Digest(SignatureLayer), SignatureLayer), (Manifests.Digest(Manifests.EmptyJson), Manifests.EmptyJson),
    ];

    public static async Task<MultiArchImage> PushAsync(RegistryClient client, string repository, string tag = "v1")
    {
        var amd64 = await client.PushImageAsync(repository, null, configText: $"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"{Guid.NewGuid():N}\"}}");
        var arm64 = await client.PushImageAsync(repository, null, configText: $"{{\"architecture\":\"arm64\",\"os\":\"linux\",\"n\":\"{Guid.NewGuid():N}\"}}");
        var index = Manifests.Index(
        [
            Platform(Manifests.Descriptor(Manifests.OciManifest, amd64.Manifest), "amd64"),
            Platform(Manifests.Descriptor(Manifests.OciManifest, arm64.Manifest), "arm64"),
        ]);
        var indexDigest = await client.PushManifestAsync(repository, tag, index, Manifests.OciIndex);

        // An OCI 1.1 signature: empty config, artifactType, subject = the index.
        var layer = Manifests.RandomBytes(300);
        await client.PushBlobAsync(repository, Manifests.EmptyJson);
        await client.PushBlobAsync(repository, layer);
        var signature = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, Manifests.EmptyJson),
            [Manifests.Descriptor("application/vnd.dev.cosign.simplesigning.v1+json", layer)],
            artifactType: SignatureType,
            subject: Manifests.Descriptor(Manifests.OciIndex, index),
            annotations: new Dictionary<string, string> { ["org.example.signed-by"] = "replication-tests" });
        var signatureDigest = await client.PushManifestAsync(repository, Manifests.Digest(signature), signature, Manifests.OciManifest);
        return new MultiArchImage(repository, tag, indexDigest, index, amd64, arm64, signatureDigest, signature, layer);
    }

    private static JsonObject Platform(JsonObject descriptor, string architecture)
    {
        descriptor["platform"] = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
        return descriptor;
    }
}
