using System.Text.Json;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.HarborApi.Conventions;

/// <summary>
/// Reads a Harbor request body once: malformed JSON, a wrong value type, an empty body or one over
/// <see cref="MaxBytes"/> become 400 BAD_REQUEST in Harbor's envelope; unknown fields are ignored.
/// The Content-Type is not checked, since curl scripts often send JSON as form data.
/// </summary>
public static class HarborJsonBody
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,

        // The web defaults read "3" as a number; Harbor's typed models refuse a string where an integer belongs.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    public static async Task<JsonBody<T>> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return Fail<T>($"the request body is larger than {MaxBytes} bytes");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return Fail<T>($"the request body is larger than {MaxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return Fail<T>("a JSON request body is required");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null ? Fail<T>("a JSON object is required, not null") : new JsonBody<T>(value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            return Fail<T>($"invalid JSON body{where}: {FirstSentence(ex.Message)}");
        }
    }

    private static JsonBody<T> Fail<T>(string message)
        where T : class =>
        new(null, HarborErrorResult.From(RegistryError.BadRequest, message));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

/// <summary>A parsed body, or the 400 response to send instead.</summary>
public sealed record JsonBody<T>(T? Value, IResult? Error)
    where T : class;
