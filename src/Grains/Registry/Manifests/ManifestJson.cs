using System.Text.Json;

namespace ArtifactKeeper.Registry.Manifests;

/// <summary>
/// Shape checks for the JSON pieces manifests share (descriptors, string fields, annotations). Each
/// returns null on success or a message naming the offending field path, so the parser can refuse
/// without exceptions.
/// </summary>
internal static class ManifestJson
{
    /// <summary>Reads an optional string; JSON null counts as absent.</summary>
    public static string? TryGetOptionalString(JsonElement parent, string name, out string? value)
    {
        value = null;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return $"{name} must be a string";
        }

        value = element.GetString();
        return string.IsNullOrEmpty(value) ? $"{name} must not be empty" : null;
    }

    /// <summary>Validates a descriptor object at <paramref name="path"/>: mediaType, digest and size.</summary>
    public static string? TryReadDescriptor(JsonElement element, string path, out ManifestDescriptor? descriptor)
    {
        descriptor = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{path} must be a descriptor object";
        }

        if (!element.TryGetProperty("mediaType", out var mediaType) || mediaType.ValueKind == JsonValueKind.Null)
        {
            return $"{path}.mediaType is required";
        }

        if (mediaType.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(mediaType.GetString()))
        {
            return $"{path}.mediaType must be a non-empty string";
        }

        if (!element.TryGetProperty("digest", out var digest) || digest.ValueKind == JsonValueKind.Null)
        {
            return $"{path}.digest is required";
        }

        if (digest.ValueKind != JsonValueKind.String || !OciGrammar.IsValidDigest(digest.GetString()))
        {
            return $"{path}.digest is not a valid sha256 digest";
        }

        if (!element.TryGetProperty("size", out var size) || size.ValueKind == JsonValueKind.Null)
        {
            return $"{path}.size is required";
        }

        if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var length) || length < 0)
        {
            return $"{path}.size must be a non-negative integer";
        }

        descriptor = new ManifestDescriptor(mediaType.GetString()!, digest.GetString()!, length);
        return null;
    }

    /// <summary>
    /// Reads a layer's optional <c>urls</c> and reports whether it lists any, i.e. whether the layer
    /// may be served from elsewhere.
    /// </summary>
    public static string? TryReadUrls(JsonElement layer, string path, out bool hasUrls)
    {
        hasUrls = false;
        if (!layer.TryGetProperty("urls", out var urls) || urls.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (urls.ValueKind != JsonValueKind.Array)
        {
            return $"{path}.urls must be an array of strings";
        }

        foreach (var url in urls.EnumerateArray())
        {
            if (url.ValueKind != JsonValueKind.String)
            {
                return $"{path}.urls must be an array of strings";
            }

            hasUrls = true;
        }

        return null;
    }

    /// <summary>Reads optional annotations: an object whose values are all strings.</summary>
    public static string? TryReadAnnotations(JsonElement parent, out IReadOnlyDictionary<string, string>? annotations)
    {
        annotations = null;
        if (!parent.TryGetProperty("annotations", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return "annotations must be an object of strings";
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return $"annotations.{property.Name} must be a string";
            }

            result[property.Name] = property.Value.GetString()!;
        }

        annotations = result;
        return null;
    }

    /// <summary>Finds a required array property.</summary>
    public static string? TryGetArray(JsonElement parent, string name, out JsonElement array)
    {
        if (!parent.TryGetProperty(name, out array) || array.ValueKind == JsonValueKind.Null)
        {
            return $"{name} is required";
        }

        return array.ValueKind == JsonValueKind.Array ? null : $"{name} must be an array";
    }
}
