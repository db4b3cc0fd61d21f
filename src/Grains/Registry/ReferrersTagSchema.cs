using System.Text.Json;

namespace ArtifactKeeper.Registry;

/// <summary>
/// The referrers tag schema of distribution-spec v1.1: clients that predate the referrers API
/// keep an image index tagged <c>sha256-&lt;hex&gt;</c> listing the subject's referrers. The
/// registry folds those entries into the referrers API answer so old and new clients agree.
/// </summary>
public static class ReferrersTagSchema
{
    /// <summary>The fallback tag for a subject digest (<c>sha256:abc</c> becomes <c>sha256-abc</c>).</summary>
    public static string TagFor(string subjectDigest) => subjectDigest.Replace(':', '-');

    /// <summary>Descriptors listed by a fallback index; malformed entries are skipped.</summary>
    public static IReadOnlyList<ReferrerDescriptor> ReadDescriptors(ReadOnlySpan<byte> indexContent)
    {
        JsonDocument? document;
        try
        {
            var reader = new Utf8JsonReader(indexContent);
            if (!JsonDocument.TryParseValue(ref reader, out document))
            {
                return [];
            }
        }
        catch (JsonException)
        {
            // Clients own this tag: unreadable content contributes no referrers rather than failing the query.
            return [];
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("manifests", out var manifests) ||
                manifests.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var result = new List<ReferrerDescriptor>();
            foreach (var entry in manifests.EnumerateArray())
            {
                if (ReadDescriptor(entry) is { } descriptor)
                {
                    result.Add(descriptor);
                }
            }

            return result;
        }
    }

    private static ReferrerDescriptor? ReadDescriptor(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object ||
            !entry.TryGetProperty("mediaType", out var mediaType) || mediaType.ValueKind != JsonValueKind.String ||
            !entry.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String ||
            !entry.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var length) ||
            !OciGrammar.IsValidDigest(digest.GetString()))
        {
            return null;
        }

        var artifactType = entry.TryGetProperty("artifactType", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;
        Dictionary<string, string>? annotations = null;
        if (entry.TryGetProperty("annotations", out var notes) && notes.ValueKind == JsonValueKind.Object)
        {
            annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var note in notes.EnumerateObject())
            {
                if (note.Value.ValueKind == JsonValueKind.String)
                {
                    annotations[note.Name] = note.Value.GetString()!;
                }
            }
        }

        return new ReferrerDescriptor(mediaType.GetString()!, digest.GetString()!, length, artifactType, annotations);
    }
}
