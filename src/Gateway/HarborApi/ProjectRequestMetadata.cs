using System.Text.Json;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// The metadata a ProjectReq asks for, as Harbor's typed ProjectMetadata reads it: known keys only
/// (others are dropped, as Harbor's JSON decoding drops them), strings, booleans or numbers as values,
/// the deprecated top-level <c>public</c> when <c>metadata.public</c> is absent, and no retention_id.
/// </summary>
public static class ProjectRequestMetadata
{
    public static bool TryRead(ProjectReq body, out Dictionary<string, string> metadata, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        foreach (var (key, value) in body.Metadata ?? [])
        {
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Undefined)
            {
                error = $"metadata.{key} must be a string";
                return false;
            }

            string? text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            if (key == ProjectMetadataRules.RetentionId && !string.IsNullOrEmpty(text))
            {
                error = "the retention_id in the request's payload should be omitted";
                return false;
            }

            if (text is not null && ProjectMetadataRules.IsKnown(key))
            {
                metadata[key] = text;
            }
        }

        if (body.Public is { } isPublic)
        {
            metadata.TryAdd(ProjectMetadata.Public, isPublic ? "true" : "false");
        }

        if (!ProjectMetadataRules.TryNormalize(metadata, out var normalized, out error))
        {
            error = "metadata: " + error;
            return false;
        }

        metadata = normalized;
        return true;
    }
}
