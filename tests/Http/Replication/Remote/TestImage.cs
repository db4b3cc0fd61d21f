using System.Security.Cryptography;
using System.Text;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>A generated OCI image: a config, two random layers, its manifest and an index over it.</summary>
public sealed class TestImage
{
    public const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    public const string IndexType = "application/vnd.oci.image.index.v1+json";
    public const string LayerType = "application/vnd.oci.image.layer.v1.tar";
    public const string ConfigType = "application/vnd.oci.image.config.v1+json";

    public TestImage(int smallLayer = 3_000, int largeLayer = 200_000)
    {
        Config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"created_by":"{{Guid.NewGuid():N}}"}""");
        SmallLayer = RandomNumberGenerator.GetBytes(smallLayer);
        LargeLayer = RandomNumberGenerator.GetBytes(largeLayer);
        var manifest = Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"{{ManifestType}}",
             "config":{"mediaType":"{{ConfigType}}","digest":"{{Digest(Config)}}","size":{{Config.Length}}},
             "layers":[{"mediaType":"{{LayerType}}","digest":"{{Digest(SmallLayer)}}","size":{{SmallLayer.Length}}},
                       {"mediaType":"{{LayerType}}","digest":"{{Digest(LargeLayer)}}","size":{{LargeLayer.Length}}}]}
            """);
        Manifest = new OciManifest(ManifestType, Digest(manifest), manifest);
        var index = Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"{{IndexType}}",
             "manifests":[{"mediaType":"{{ManifestType}}","digest":"{{Manifest.Digest}}","size":{{manifest.Length}},"platform":{"architecture":"amd64","os":"linux"} }]}
            """);
        Index = new OciManifest(IndexType, Digest(index), index);
    }

    public byte[] Config { get; }

    public byte[] SmallLayer { get; }

    public byte[] LargeLayer { get; }

    public OciManifest Manifest { get; }

    public OciManifest Index { get; }

    public OciDescriptor ConfigDescriptor => new(ConfigType, Digest(Config), Config.Length);

    public OciDescriptor SmallLayerDescriptor => new(LayerType, Digest(SmallLayer), SmallLayer.Length);

    public OciDescriptor LargeLayerDescriptor => new(LayerType, Digest(LargeLayer), LargeLayer.Length);

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Pushes the blobs (the large layer in chunks of <paramref name="chunkSize"/>), the manifest and the index.</summary>
    public async Task PushAsync(IOciRegistry registry, string repository, string tag, long chunkSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        await registry.PushBlobAsync(repository, ConfigDescriptor, new MemoryStream(Config), null, cancellationToken);
        await registry.PushBlobAsync(repository, SmallLayerDescriptor, new MemoryStream(SmallLayer), null, cancellationToken);
        await registry.PushBlobAsync(repository, LargeLayerDescriptor, new MemoryStream(LargeLayer), chunkSize, cancellationToken);
        await registry.PutManifestAsync(repository, Manifest.Digest, Manifest, cancellationToken);
        await registry.PutManifestAsync(repository, tag, Index, cancellationToken);
    }
}
