using System.Text.Json;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>Reads the signed payload, <c>{"targetArtifact":{"mediaType","digest","size",...}}</c>.</summary>
internal static class NotationPayload
{
    public static NotationTargetArtifact? Read(ReadOnlyMemory<byte> payload, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("targetArtifact", out var target) && target.ValueKind == JsonValueKind.Object
                && target.TryGetProperty("mediaType", out var mediaType) && mediaType.ValueKind == JsonValueKind.String
                && target.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String
                && target.TryGetProperty("size", out var size) && size.TryGetInt64(out var length))
                return new NotationTargetArtifact(mediaType.GetString()!, digest.GetString()!, length);
            error = "the payload has no complete 'targetArtifact' descriptor (mediaType, digest, size)";
        }
        catch (JsonException)
        {
            error = "the payload is not JSON";
        }

        return null;
    }
}
