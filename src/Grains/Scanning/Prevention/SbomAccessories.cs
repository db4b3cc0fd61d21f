using System.Text.Json;

namespace ArtifactKeeper.Scanning.Prevention;

/// <summary>
/// Recognizes an SBOM attached to an image (an accessory: a manifest with a subject whose artifactType, or config media
/// type, names SPDX, CycloneDX or an SBOM). Pull prevention lets those through as it lets signatures through: they are
/// documents about an image, not something that runs.
/// </summary>
public static class SbomAccessories
{
    public static bool IsSbomAccessory(string? subject, ReadOnlySpan<byte> content)
    {
        if (subject is null)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(content.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var type = root.TryGetProperty("artifactType", out var artifactType) && artifactType.ValueKind == JsonValueKind.String
                ? artifactType.GetString()
                : root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object &&
                  config.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == JsonValueKind.String
                    ? mediaType.GetString()
                    : null;
            return IsSbomType(type);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static bool IsSbomType(string? mediaType) =>
        mediaType is not null &&
        (mediaType.Contains("spdx", StringComparison.OrdinalIgnoreCase) ||
         mediaType.Contains("cyclonedx", StringComparison.OrdinalIgnoreCase) ||
         mediaType.Contains("sbom", StringComparison.OrdinalIgnoreCase));
}
