using System.Text.Json;

namespace ArtifactKeeper.Scanning.Inventory.Layers;

/// <summary>
/// The layers of an image manifest (OCI or Docker v2), bottom first, paired with the diff_ids of its config's
/// rootfs by position.
/// </summary>
public static class ImageLayerList
{
    /// <summary>The config blob's digest named by an image manifest; throws <see cref="ScanFailedException"/> without one.</summary>
    public static string ConfigDigest(ReadOnlySpan<byte> manifestJson)
    {
        using var manifest = Parse(manifestJson, "manifest");
        if (manifest.RootElement.TryGetProperty("config", out var config)
            && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("digest", out var digest)
            && digest.ValueKind == JsonValueKind.String)
            return digest.GetString()!;
        throw new ScanFailedException("the manifest names no config blob");
    }

    public static IReadOnlyList<LayerSource> FromManifest(ReadOnlySpan<byte> manifestJson, ReadOnlySpan<byte> configJson)
    {
        using var manifest = Parse(manifestJson, "manifest");
        using var config = Parse(configJson, "image config");
        var diffIds = new List<string>();
        if (config.RootElement.TryGetProperty("rootfs", out var rootfs)
            && rootfs.ValueKind == JsonValueKind.Object
            && rootfs.TryGetProperty("diff_ids", out var ids)
            && ids.ValueKind == JsonValueKind.Array)
            diffIds.AddRange(ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!));

        if (!manifest.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            throw new ScanFailedException("the manifest lists no layers");
        var result = new List<LayerSource>();
        foreach (var layer in layers.EnumerateArray())
        {
            if (layer.ValueKind != JsonValueKind.Object
                || !layer.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String)
                throw new ScanFailedException("a manifest layer has no digest");
            var mediaType = layer.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()!
                : "";
            var size = layer.TryGetProperty("size", out var sizeElement) && sizeElement.TryGetInt64(out var s) ? s : 0;
            var index = result.Count;
            result.Add(new LayerSource(digest.GetString()!, mediaType, size, index < diffIds.Count ? diffIds[index] : null));
        }

        return result;
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new ScanFailedException($"the {what} is not valid JSON: {e.Message}", e);
        }
    }
}
