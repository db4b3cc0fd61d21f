using System.Buffers.Text;
using System.Text.Json;

namespace ArtifactKeeper.Replication.Transfer.Remote.Auth;

/// <summary>
/// When a bearer token says it expires: the <c>exp</c> claim of a JWT, read without checking the signature (the
/// issuer checks that; the client only wants to renew in time). Null for anything that is not a JWT with an <c>exp</c>.
/// </summary>
public static class JwtExpiry
{
    private const int MaxPayloadChars = 16 * 1024;

    public static DateTimeOffset? Read(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 } || parts[1].Length is 0 or > MaxPayloadChars)
        {
            return null;
        }

        var payload = new byte[Base64Url.GetMaxDecodedLength(parts[1].Length)];
        if (Base64Url.DecodeFromChars(parts[1], payload, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload.AsMemory(0, written));
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number &&
                exp.TryGetDouble(out var seconds) && seconds is > 0 and < 253_402_300_799
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
