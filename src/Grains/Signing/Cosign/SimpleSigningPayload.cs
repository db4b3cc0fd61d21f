using System.Text.Json;

namespace ArtifactKeeper.Signing.Cosign;

/// <summary>
/// The simple-signing payload a legacy cosign signature signs:
/// <c>{"critical":{"identity":{"docker-reference"},"image":{"docker-manifest-digest"},"type"},"optional"}</c>.
/// Only the manifest digest binds the signature to an image; the reference is informative (skopeo and podman
/// write it with the tag, cosign without) and <c>optional</c> is free-form (skopeo adds creator and timestamp).
/// </summary>
public sealed record SimpleSigningPayload(string ManifestDigest, string? DockerReference)
{
    /// <summary>Parses the payload; null with a reason when it is not a simple-signing document.</summary>
    public static SimpleSigningPayload? TryParse(ReadOnlySpan<byte> payload, out string reason)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("critical", out var critical)
                && critical.ValueKind == JsonValueKind.Object
                && critical.TryGetProperty("image", out var image)
                && image.ValueKind == JsonValueKind.Object
                && image.TryGetProperty("docker-manifest-digest", out var digest)
                && digest.ValueKind == JsonValueKind.String)
            {
                string? reference = null;
                if (critical.TryGetProperty("identity", out var identity) && identity.ValueKind == JsonValueKind.Object
                    && identity.TryGetProperty("docker-reference", out var value) && value.ValueKind == JsonValueKind.String)
                    reference = value.GetString();
                reason = "";
                return new SimpleSigningPayload(digest.GetString()!, reference);
            }

            reason = "the signed payload has no critical.image.docker-manifest-digest";
            return null;
        }
        catch (JsonException)
        {
            reason = "the signed payload is not JSON";
            return null;
        }
    }
}
