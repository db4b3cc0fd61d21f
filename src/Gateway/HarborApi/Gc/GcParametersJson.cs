using System.Text.Json;
using ArtifactKeeper.Gc;

namespace ArtifactKeeper.HarborApi.Gc;

/// <summary>GC's parameters as Harbor's <c>job_parameters</c> JSON: <c>{"delete_untagged":..,"dry_run":..,"workers":..}</c>.</summary>
public static class GcParametersJson
{
    public static string Write(GcParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return JsonSerializer.Serialize(parameters);
    }

    /// <summary>The stored JSON as an object for a response; an unreadable value shows as an empty object.</summary>
    public static JsonElement AsObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Shown as {} below.
        }

        using var empty = JsonDocument.Parse("{}");
        return empty.RootElement.Clone();
    }
}
