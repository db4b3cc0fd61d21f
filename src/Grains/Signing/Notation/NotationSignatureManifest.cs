using System.Text.Json;

namespace ArtifactKeeper.Signing.Notation;

/// <summary>
/// The parts of a Notation signature manifest the verifier needs: the envelope layer (its media type and digest)
/// and the subject descriptor the manifest points at, when it has one.
/// </summary>
public sealed record NotationSignatureManifest(string EnvelopeMediaType, string EnvelopeDigest, NotationTargetArtifact? Subject)
{
    /// <summary>Reads the manifest; null with the reason when it is not a Notation signature manifest.</summary>
    public static NotationSignatureManifest? TryRead(ReadOnlyMemory<byte> manifest, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Fail("the signature manifest is not a JSON object", out error);
            var artifactType = Text(root, "artifactType")
                ?? (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object ? Text(config, "mediaType") : null);
            if (artifactType != NotationMediaTypes.Signature)
                return Fail($"the manifest's artifact type is '{artifactType}', not '{NotationMediaTypes.Signature}'", out error);
            if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array || layers.GetArrayLength() != 1)
                return Fail("a Notation signature manifest must have exactly one layer, the envelope", out error);
            var layer = layers[0];
            if (Text(layer, "mediaType") is not { } mediaType || Text(layer, "digest") is not { } digest)
                return Fail("the envelope layer has no media type or digest", out error);
            NotationTargetArtifact? subject = null;
            if (root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object
                && Text(s, "digest") is { } subjectDigest && s.TryGetProperty("size", out var size) && size.TryGetInt64(out var length))
                subject = new NotationTargetArtifact(Text(s, "mediaType") ?? "", subjectDigest, length);
            error = null;
            return new NotationSignatureManifest(mediaType, digest, subject);
        }
        catch (JsonException)
        {
            return Fail("the signature manifest is not JSON", out error);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static NotationSignatureManifest? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
