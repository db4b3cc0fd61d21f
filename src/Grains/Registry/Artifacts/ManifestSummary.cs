using System.Text.Json;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Registry.Artifacts;

/// <summary>A descriptor inside a stored manifest: config, layer or child manifest.</summary>
public sealed record ContentDescriptor(
    string MediaType,
    string Digest,
    long Size,
    IReadOnlyList<string> Urls,
    IReadOnlyDictionary<string, string>? Annotations,
    JsonElement? Platform);

/// <summary>
/// What Harbor shows of a stored manifest, read from its bytes (which the registry validated on push): the config,
/// the layers, the children of an index, and the media type Harbor calls the artifact's own.
/// </summary>
public sealed record ManifestSummary(
    string ManifestMediaType,
    ContentDescriptor? Config,
    IReadOnlyList<ContentDescriptor> Layers,
    IReadOnlyList<ContentDescriptor> Children,
    IReadOnlyDictionary<string, string>? Annotations)
{
    public const string CnabRuntimeVersionAnnotation = "io.cnab.runtime_version";

    public bool IsIndex => ManifestMediaTypes.IsIndex(ManifestMediaType);

    /// <summary>
    /// Harbor's <c>media_type</c>: the config's, or the manifest's <paramref name="artifactType"/> when the config is
    /// the empty descriptor; for an index its own media type (a CNAB bundle's index is a CNAB manifest).
    /// </summary>
    public string ArtifactMediaType(string? artifactType)
    {
        if (IsIndex || Config is null)
        {
            return Annotations?.ContainsKey(CnabRuntimeVersionAnnotation) == true ? ArtifactTypes.CnabManifest : ManifestMediaType;
        }

        return Config.MediaType == ManifestMediaTypes.OciEmpty && artifactType is { Length: > 0 } ? artifactType : Config.MediaType;
    }

    /// <summary>Harbor's size of an image manifest: the manifest, its config and its layers.</summary>
    public long ImageSize(long manifestSize) => manifestSize + (Config?.Size ?? 0) + Layers.Sum(l => l.Size);

    public static ManifestSummary Parse(string manifestMediaType, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? Descriptor(c) : null;
        return new ManifestSummary(
            manifestMediaType,
            config,
            Descriptors(root, "layers"),
            Descriptors(root, "manifests"),
            StringMap(root, "annotations"));
    }

    private static List<ContentDescriptor> Descriptors(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(Descriptor).ToList()
            : [];

    private static ContentDescriptor Descriptor(JsonElement element)
    {
        var urls = element.TryGetProperty("urls", out var u) && u.ValueKind == JsonValueKind.Array
            ? u.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        return new ContentDescriptor(
            Text(element, "mediaType") ?? string.Empty,
            Text(element, "digest") ?? string.Empty,
            element.TryGetProperty("size", out var size) && size.TryGetInt64(out var value) ? value : 0,
            urls,
            StringMap(element, "annotations"),
            element.TryGetProperty("platform", out var platform) && platform.ValueKind == JsonValueKind.Object ? platform.Clone() : null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string>? StringMap(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
        {
            result[property.Name] = property.Value.GetString()!;
        }

        return result;
    }
}
