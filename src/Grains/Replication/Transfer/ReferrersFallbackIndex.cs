using System.Text.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Registry.Manifests;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// The referrers tag schema's index (distribution-spec v1.1): on a registry without the referrers API, the image index
/// tagged <c>sha256-&lt;hex&gt;</c> lists the subject's referrers, each described as the referrers API would (media type,
/// digest, size, artifact type, annotations). Entries already listed are kept as they are; pure.
/// </summary>
public static class ReferrersFallbackIndex
{
    /// <summary>
    /// The index <paramref name="existing"/> (null: none yet) with every referrer of <paramref name="referrers"/> it
    /// does not list yet appended; null when nothing had to be added.
    /// </summary>
    public static OciManifest? Merge(OciManifest? existing, IEnumerable<OciManifest> referrers)
    {
        ArgumentNullException.ThrowIfNull(referrers);
        var entries = ReadEntries(existing);
        var listed = entries.Select(DigestOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var added = false;
        foreach (var referrer in referrers)
        {
            if (listed.Add(referrer.Digest))
            {
                entries.Add(Describe(referrer));
                added = true;
            }
        }

        if (!added)
        {
            return null;
        }

        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaTypes.OciIndex,
            ["manifests"] = new JsonArray([.. entries]),
        };
        var content = JsonSerializer.SerializeToUtf8Bytes(index);
        return new OciManifest(ManifestMediaTypes.OciIndex, Digests.Sha256(content), content);
    }

    /// <summary>The descriptor of <paramref name="referrer"/> as the referrers API lists it.</summary>
    public static JsonObject Describe(OciManifest referrer)
    {
        ArgumentNullException.ThrowIfNull(referrer);
        var entry = new JsonObject
        {
            ["mediaType"] = referrer.MediaType,
            ["digest"] = referrer.Digest,
            ["size"] = referrer.Content.LongLength,
        };
        var parsed = ManifestParser.Parse(referrer.Content, referrer.MediaType).Manifest;
        if (parsed?.ArtifactType is { } artifactType)
        {
            entry["artifactType"] = artifactType;
        }

        if (parsed?.Annotations is { Count: > 0 } annotations)
        {
            entry["annotations"] = new JsonObject(annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)JsonValue.Create(a.Value))));
        }

        return entry;
    }

    private static string? DigestOf(JsonNode? entry) =>
        entry?["digest"] is JsonValue value && value.TryGetValue<string>(out var digest) ? digest : null;

    private static List<JsonNode?> ReadEntries(OciManifest? existing)
    {
        if (existing is null)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(existing.Content) is JsonObject root && root["manifests"] is JsonArray manifests
                ? manifests.Where(m => m is JsonObject && DigestOf(m) is not null).Select(m => (JsonNode?)m!.DeepClone()).ToList()
                : [];
        }
        catch (JsonException)
        {
            // The tag is the clients' to write: an unreadable index is replaced by one that lists the referrers.
            return [];
        }
    }
}
