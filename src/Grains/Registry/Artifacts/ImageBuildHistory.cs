using System.Text.Json;

namespace ArtifactKeeper.Registry.Artifacts;

/// <summary>Harbor's <c>build_history</c> addition: the <c>history</c> array of an image config, as JSON.</summary>
public static class ImageBuildHistory
{
    public static byte[] From(JsonElement config)
    {
        var history = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("history", out var h) && h.ValueKind == JsonValueKind.Array
            ? h.GetRawText()
            : "[]";
        return System.Text.Encoding.UTF8.GetBytes(history);
    }

    /// <summary>Harbor's <c>extra_attrs</c> of an image: architecture, os, config, created and author, those the config has.</summary>
    public static Dictionary<string, JsonElement> ExtraAttributes(JsonElement config)
    {
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (config.ValueKind != JsonValueKind.Object)
        {
            return attributes;
        }

        foreach (var name in (string[])["architecture", "author", "config", "created", "os"])
        {
            if (config.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                attributes[name] = value.Clone();
            }
        }

        return attributes;
    }
}
