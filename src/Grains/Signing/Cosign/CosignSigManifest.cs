using System.Text.Json;

namespace ArtifactKeeper.Signing.Cosign;

/// <summary>One layer of a signature manifest: its descriptor's media type, digest and annotations.</summary>
public sealed record SignatureLayer(string MediaType, string Digest, IReadOnlyDictionary<string, string> Annotations);

/// <summary>Reads the parts of a signature manifest (legacy <c>.sig</c> or bundle referrer) the verifiers need.</summary>
public sealed record CosignSigManifest(string? ArtifactType, string? ConfigMediaType, IReadOnlyList<SignatureLayer> Layers)
{
    public static CosignSigManifest? TryParse(ReadOnlyMemory<byte> manifest, out string reason)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "the signature manifest is not a JSON object";
                return null;
            }

            var layers = new List<SignatureLayer>();
            if (root.TryGetProperty("layers", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var layer in array.EnumerateArray())
                {
                    var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
                    if (layer.TryGetProperty("annotations", out var values) && values.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var value in values.EnumerateObject())
                        {
                            if (value.Value.ValueKind == JsonValueKind.String)
                                annotations[value.Name] = value.Value.GetString()!;
                        }
                    }

                    layers.Add(new SignatureLayer(Text(layer, "mediaType") ?? "", Text(layer, "digest") ?? "", annotations));
                }
            }

            var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? Text(c, "mediaType") : null;
            reason = "";
            return new CosignSigManifest(Text(root, "artifactType"), config, layers);
        }
        catch (JsonException)
        {
            reason = "the signature manifest is not JSON";
            return null;
        }
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
