using System.Buffers;
using System.Text.Json;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Registry.Manifests;

/// <summary>
/// Validates a pushed manifest and extracts what the registry keeps about it (media type, artifact
/// type, subject, references, annotations). Pure: no I/O, and config blobs are never opened.
/// </summary>
public static class ManifestParser
{
    private const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    private const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    private const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    private const string OciNonDistributablePrefix = "application/vnd.oci.image.layer.nondistributable.";

    // Duplicate keys are refused so that no other reader can see a different manifest than the one
    // whose references were checked here.
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    private static readonly string[] KnownTypes =
    [
        ManifestMediaTypes.OciManifest,
        ManifestMediaTypes.OciIndex,
        ManifestMediaTypes.DockerManifest,
        ManifestMediaTypes.DockerManifestList,
    ];

    /// <summary>
    /// Parses <paramref name="content"/>. <paramref name="contentType"/> is the request's Content-Type
    /// header; it decides the media type only when the manifest has no <c>mediaType</c> field.
    /// </summary>
    public static ManifestParseResult Parse(ReadOnlySpan<byte> content, string? contentType)
    {
        if (content.IsEmpty)
        {
            return Invalid("manifest is empty");
        }

        // JsonDocument needs memory, not a span; the copy is pooled and manifests are small.
        var buffer = ArrayPool<byte>.Shared.Rent(content.Length);
        try
        {
            content.CopyTo(buffer);
            using var document = JsonDocument.Parse(buffer.AsMemory(0, content.Length), DocumentOptions);
            return Parse(document.RootElement, NormalizeContentType(contentType));
        }
        catch (JsonException ex)
        {
            return Invalid($"manifest is not valid JSON: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ManifestParseResult Parse(JsonElement root, string? headerType)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("manifest must be a JSON object");
        }

        var error = ManifestJson.TryGetOptionalString(root, "mediaType", out var fieldType);
        if (error is not null)
        {
            return Invalid(error);
        }

        if (IsSchema1(fieldType) || IsSchema1(headerType))
        {
            return Fail(RegistryError.Unsupported, "docker schema1 manifests are not supported; push a schema2 or OCI manifest");
        }

        if (!root.TryGetProperty("schemaVersion", out var version)
            || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var schemaVersion)
            || schemaVersion != 2)
        {
            return Invalid("schemaVersion must be 2");
        }

        error = ResolveMediaType(root, fieldType, headerType, out var mediaType);
        if (error is not null)
        {
            return Invalid(error);
        }

        if (!ManifestMediaTypes.IsKnown(mediaType))
        {
            return Fail(RegistryError.Unsupported, $"unsupported manifest media type {mediaType}");
        }

        var references = new ReferenceList();
        string? configType = null;
        error = ManifestMediaTypes.IsIndex(mediaType)
            ? ReadIndexChildren(root, references)
            : ReadImageContent(root, references, out configType);
        string? artifactType = null;
        ManifestDescriptor? subject = null;
        IReadOnlyDictionary<string, string>? annotations = null;
        error ??= ManifestJson.TryGetOptionalString(root, "artifactType", out artifactType);
        error ??= ReadSubject(root, references, out subject);
        error ??= ManifestJson.TryReadAnnotations(root, out annotations);
        if (error is not null)
        {
            return Invalid(error);
        }

        var manifest = new ParsedManifest(mediaType, artifactType ?? configType, subject, references.Items, annotations);
        return new ManifestParseResult(RegistryError.None, null, manifest);
    }

    private static string? ResolveMediaType(JsonElement root, string? fieldType, string? headerType, out string mediaType)
    {
        var knownHeader = Canonical(headerType);
        if (fieldType is not null)
        {
            mediaType = fieldType;
            if (knownHeader is not null && ManifestMediaTypes.IsKnown(fieldType) && knownHeader != fieldType)
            {
                return $"mediaType {fieldType} does not match Content-Type {knownHeader}";
            }

            return null;
        }

        if (knownHeader is not null)
        {
            mediaType = knownHeader;
            return null;
        }

        // Neither source names a manifest type (e.g. "application/json"): fall back on the shape.
        if (root.TryGetProperty("manifests", out _))
        {
            mediaType = ManifestMediaTypes.OciIndex;
            return null;
        }

        if (root.TryGetProperty("config", out _))
        {
            mediaType = ManifestMediaTypes.OciManifest;
            return null;
        }

        mediaType = headerType ?? string.Empty;
        return headerType is null ? "manifest has no mediaType, no Content-Type and neither config nor manifests" : null;
    }

    private static string? ReadImageContent(JsonElement root, ReferenceList references, out string? configType)
    {
        configType = null;
        if (!root.TryGetProperty("config", out var configElement) || configElement.ValueKind == JsonValueKind.Null)
        {
            return "config is required";
        }

        var error = ManifestJson.TryReadDescriptor(configElement, "config", out var config);
        if (error is not null)
        {
            return error;
        }

        configType = config!.MediaType;
        references.Add(config.Digest, ReferenceKind.Blob);

        error = ManifestJson.TryGetArray(root, "layers", out var layers);
        if (error is not null)
        {
            return error;
        }

        var index = 0;
        foreach (var element in layers.EnumerateArray())
        {
            var path = $"layers[{index++}]";
            var hasUrls = false;
            error = ManifestJson.TryReadDescriptor(element, path, out var layer);
            error ??= ManifestJson.TryReadUrls(element, path, out hasUrls);
            if (error is not null)
            {
                return error;
            }

            // Foreign layers live at their urls; the registry neither holds nor requires them.
            if (!(hasUrls && IsForeignLayer(layer!.MediaType)))
            {
                references.Add(layer!.Digest, ReferenceKind.Blob);
            }
        }

        return null;
    }

    private static string? ReadIndexChildren(JsonElement root, ReferenceList references)
    {
        var error = ManifestJson.TryGetArray(root, "manifests", out var manifests);
        if (error is not null)
        {
            return error;
        }

        var index = 0;
        foreach (var element in manifests.EnumerateArray())
        {
            error = ManifestJson.TryReadDescriptor(element, $"manifests[{index++}]", out var child);
            if (error is not null)
            {
                return error;
            }

            references.Add(child!.Digest, ReferenceKind.Manifest);
        }

        return null;
    }

    private static string? ReadSubject(JsonElement root, ReferenceList references, out ManifestDescriptor? subject)
    {
        subject = null;
        if (!root.TryGetProperty("subject", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var error = ManifestJson.TryReadDescriptor(element, "subject", out subject);
        if (error is null)
        {
            references.Add(subject!.Digest, ReferenceKind.Subject);
        }

        return error;
    }

    private static bool IsForeignLayer(string mediaType) =>
        mediaType == DockerForeignLayer || mediaType.StartsWith(OciNonDistributablePrefix, StringComparison.Ordinal);

    private static bool IsSchema1(string? mediaType) =>
        string.Equals(mediaType, DockerSchema1, StringComparison.OrdinalIgnoreCase)
        || string.Equals(mediaType, DockerSchema1Signed, StringComparison.OrdinalIgnoreCase);

    // Media types are case-insensitive on the wire; the header is matched to the canonical spelling.
    private static string? Canonical(string? headerType) =>
        headerType is null ? null : Array.Find(KnownTypes, known => string.Equals(known, headerType, StringComparison.OrdinalIgnoreCase));

    private static string? NormalizeContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return type.Length == 0 ? null : type;
    }

    private static ManifestParseResult Invalid(string message) => Fail(RegistryError.ManifestInvalid, message);

    private static ManifestParseResult Fail(RegistryError error, string message) => new(error, message, null);

    /// <summary>References in first-seen order, each (digest, kind) once.</summary>
    private sealed class ReferenceList
    {
        private readonly HashSet<(string Digest, ReferenceKind Kind)> _seen = [];

        public List<ManifestReference> Items { get; } = [];

        public void Add(string digest, ReferenceKind kind)
        {
            if (_seen.Add((digest, kind)))
            {
                Items.Add(new ManifestReference(digest, kind));
            }
        }
    }
}
