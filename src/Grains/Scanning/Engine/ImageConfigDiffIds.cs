using System.Text.Json;

namespace ArtifactKeeper.Scanning.Engine;

/// <summary>Reads <c>rootfs.diff_ids</c> out of an image config (OCI or Docker): the uncompressed digest of each layer, bottom first.</summary>
public static class ImageConfigDiffIds
{
    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> config)
    {
        try
        {
            var reader = new Utf8JsonReader(config);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("rootfs", out var rootfs) || rootfs.ValueKind != JsonValueKind.Object ||
                !rootfs.TryGetProperty("diff_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return ids.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The manifest's layers paired with the config's diff_ids by position (null where the config names fewer).</summary>
    public static IReadOnlyList<LayerSource> Pair(IReadOnlyList<Registry.Artifacts.ContentDescriptor> layers, IReadOnlyList<string> diffIds)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(diffIds);
        return layers.Select((l, i) => new LayerSource(l.Digest, l.MediaType, l.Size, i < diffIds.Count && diffIds.Count == layers.Count ? diffIds[i] : null)).ToList();
    }
}
