using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.Signing.Sigstore;

/// <summary>DSSE's pre-authentication encoding and the in-toto statement subjects it may carry.</summary>
public static class Dsse
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary><c>"DSSEv1" SP len(type) SP type SP len(payload) SP payload</c>, the bytes a DSSE signature signs.</summary>
    public static byte[] Pae(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} {payloadType} {payload.Length} "));
        return [.. header, .. payload];
    }

    /// <summary>The sha256 digests (lower-case hex) of an in-toto statement's subjects; null when the payload is not one.</summary>
    public static IReadOnlyList<string>? InTotoSubjectDigests(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            if (!document.RootElement.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array)
                return null;
            var digests = new List<string>();
            foreach (var subject in subjects.EnumerateArray())
            {
                if (subject.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.Object
                    && digest.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String)
                    digests.Add(sha.GetString()!.ToLowerInvariant());
            }

            return digests;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
