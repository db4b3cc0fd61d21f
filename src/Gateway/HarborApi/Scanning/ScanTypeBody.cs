using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>
/// The optional body of Harbor's scan and stop-scan requests, <c>{"scan_type":"vulnerability"}</c>: no body means a
/// vulnerability scan; malformed JSON, a non-string type and types other than <c>vulnerability</c> are refused.
/// </summary>
public static class ScanTypeBody
{
    public const string Vulnerability = "vulnerability";

    private const int MaxBytes = 64 * 1024;

    /// <summary>Null when the body asks for a vulnerability scan (or is empty), else the message of the 400.</summary>
    public static async Task<string?> CheckAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxBytes + 1];
        var length = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        if (length > MaxBytes)
        {
            return $"the request body is larger than {MaxBytes} bytes";
        }

        return Check(new string(buffer, 0, length));
    }

    public static string? Check(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return "the request body must be a JSON object";
            }

            if (!document.RootElement.TryGetProperty("scan_type", out var type) || type.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (type.ValueKind != JsonValueKind.String)
            {
                return "scan_type must be a string";
            }

            var value = type.GetString();
            return string.IsNullOrEmpty(value) || value == Vulnerability
                ? null
                : $"unsupported scan_type '{value}'; this registry scans for vulnerabilities only";
        }
        catch (JsonException e)
        {
            return $"malformed JSON body: {e.Message}";
        }
    }
}
