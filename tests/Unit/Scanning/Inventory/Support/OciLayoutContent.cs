using System.Text.Json;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Scanning.Inventory.Layers;

namespace ArtifactKeeper.Tests.Unit.Scanning.Inventory.Support;

/// <summary>An <see cref="IArtifactContent"/> over an OCI image layout folder (index.json, blobs/sha256/...).</summary>
public sealed class OciLayoutContent(string folder) : IArtifactContent
{
    public int BlobOpens { get; private set; }

    public Task<ManifestContent> GetManifestAsync(string digest, CancellationToken cancellationToken)
    {
        var bytes = File.ReadAllBytes(BlobPath(digest));
        using var json = JsonDocument.Parse(bytes);
        var mediaType = json.RootElement.TryGetProperty("mediaType", out var type) ? type.GetString()! : "application/vnd.oci.image.manifest.v1+json";
        return Task.FromResult(new ManifestContent(mediaType, bytes));
    }

    public Task<Stream> OpenBlobAsync(string digest, CancellationToken cancellationToken)
    {
        var path = BlobPath(digest);
        if (!File.Exists(path))
            throw new ArtifactContentException($"blob {digest} is not in the layout");
        BlobOpens++;
        return Task.FromResult<Stream>(File.OpenRead(path));
    }

    /// <summary>The image's layers: index.json's first manifest, its config's diff_ids.</summary>
    public async Task<IReadOnlyList<LayerSource>> LayersAsync()
    {
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        var manifest = await GetManifestAsync(manifestDigest, CancellationToken.None);
        var config = await File.ReadAllBytesAsync(BlobPath(ImageLayerList.ConfigDigest(manifest.Bytes.Span)));
        return ImageLayerList.FromManifest(manifest.Bytes.Span, config);
    }

    private string BlobPath(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        return Path.Combine(folder, "blobs", digest[..colon], digest[(colon + 1)..]);
    }
}

/// <summary>Blobs held in memory by digest, counting how often each is opened.</summary>
public sealed class InMemoryContent : IArtifactContent
{
    private readonly Dictionary<string, Func<Stream>> _blobs = new(StringComparer.Ordinal);

    public Dictionary<string, int> Opens { get; } = new(StringComparer.Ordinal);

    public void Add(string digest, byte[] bytes) => _blobs[digest] = () => new MemoryStream(bytes, writable: false);

    public void Add(string digest, Func<Stream> open) => _blobs[digest] = open;

    public Task<ManifestContent> GetManifestAsync(string digest, CancellationToken cancellationToken)
        => throw new ArtifactContentException($"no manifest {digest}");

    public Task<Stream> OpenBlobAsync(string digest, CancellationToken cancellationToken)
    {
        if (!_blobs.TryGetValue(digest, out var open))
            throw new ArtifactContentException($"no blob {digest}");
        Opens[digest] = Opens.GetValueOrDefault(digest) + 1;
        return Task.FromResult(open());
    }
}
