using System.Text.Json;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Blobs;

namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// Finds the signatures of a subject in its repository: the cosign <c>sha256-&lt;hex&gt;.sig</c> tag and the referrers
/// of a signature artifactType (the repository's referrers index holds referrers pushed before their subject, so
/// those are found once it arrives), then reads each signature manifest from the repository grain and its small
/// layers from the blob store, refusing layers over <see cref="MaxLayerBytes"/>.
/// </summary>
public sealed class SignatureDiscovery(IGrainFactory grains, IBlobStore blobs)
{
    /// <summary>The largest signature layer read (envelopes, payloads and bundles are a few KiB).</summary>
    public const long MaxLayerBytes = 1024 * 1024;

    public async Task<IReadOnlyList<DiscoveredSignature>> FindAsync(string repository, string subjectDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(subjectDigest);
        var grain = grains.GetGrain<IRepositoryGrain>(repository);
        var candidates = new List<(SignatureKind Kind, string Digest)>();
        foreach (var referrer in await grain.GetReferrersAsync(subjectDigest, null))
        {
            if (SignatureManifests.KindOf(referrer.ArtifactType) is { } kind)
            {
                candidates.Add((kind, referrer.Digest));
            }
        }

        var legacy = await grain.GetManifestAsync(SignatureManifests.CosignTag(subjectDigest));
        if (legacy is not null && candidates.All(c => c.Digest != legacy.Digest))
        {
            candidates.Add((SignatureKind.Cosign, legacy.Digest));
        }

        var found = new List<DiscoveredSignature>(candidates.Count);
        foreach (var (kind, digest) in candidates)
        {
            var manifest = legacy?.Digest == digest ? legacy : await grain.GetManifestAsync(digest);
            if (manifest is null)
            {
                continue;
            }

            found.Add(await ReadAsync(kind, manifest, cancellationToken));
        }

        return found;
    }

    private async Task<DiscoveredSignature> ReadAsync(SignatureKind kind, ManifestContent manifest, CancellationToken cancellationToken)
    {
        var (artifactType, layers) = Describe(manifest.Content);
        var bytes = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (digest, size) in layers)
        {
            if (bytes.ContainsKey(digest))
            {
                continue;
            }

            if (size > MaxLayerBytes)
            {
                return new DiscoveredSignature(kind, manifest.Digest, null, $"signature layer too large: {digest} is {size} bytes, the limit is {MaxLayerBytes}");
            }

            var content = await ReadBoundedAsync(digest, cancellationToken);
            if (content is null)
            {
                return new DiscoveredSignature(kind, manifest.Digest, null, $"signature layer {digest} is missing or larger than {MaxLayerBytes} bytes");
            }

            bytes[digest] = content;
        }

        return new DiscoveredSignature(kind, manifest.Digest, new SignatureArtifact(kind, manifest.Digest, artifactType, manifest.Content, bytes), null);
    }

    private async Task<byte[]?> ReadBoundedAsync(string digest, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(digest, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxLayerBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The manifest's artifactType (else its config's media type) and its layers' digests and sizes.</summary>
    private static (string? ArtifactType, IReadOnlyList<(string Digest, long Size)> Layers) Describe(byte[] content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        var artifactType = root.TryGetProperty("artifactType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        if (artifactType is null && root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object &&
            config.TryGetProperty("mediaType", out var configType) && configType.ValueKind == JsonValueKind.String)
        {
            artifactType = configType.GetString();
        }

        var layers = new List<(string, long)>();
        if (root.TryGetProperty("layers", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var layer in array.EnumerateArray())
            {
                if (layer.ValueKind == JsonValueKind.Object &&
                    layer.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String &&
                    layer.TryGetProperty("size", out var size) && size.TryGetInt64(out var length))
                {
                    layers.Add((digest.GetString()!, length));
                }
            }
        }

        return (artifactType, layers);
    }
}
