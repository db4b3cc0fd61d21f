using System.Text;
using System.Text.Json;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>
/// A policy's filters and trigger as the store keeps them, in Harbor's JSON: filters
/// <c>[{"type":"tag","value":"v*","decoration":"matches"},{"type":"label","value":["a"]}]</c>, trigger
/// <c>{"type":"scheduled","trigger_settings":{"cron":"0 0 * * * *"}}</c>. Reading is lenient about what Harbor
/// tolerates (a missing trigger is manual) and refuses anything else, so a bad row is noticed rather than guessed at.
/// </summary>
public static class ReplicationPolicyJson
{
    public static string WriteFilters(IReadOnlyList<ReplicationFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var filter in filters)
            {
                WriteFilter(writer, filter);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes one filter as Harbor shows it (<c>decoration</c> only when set).</summary>
    public static void WriteFilter(Utf8JsonWriter writer, ReplicationFilter filter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(filter);
        writer.WriteStartObject();
        writer.WriteString("type", filter.Type);
        if (filter.Labels is { } labels)
        {
            writer.WriteStartArray("value");
            foreach (var label in labels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("value", filter.Value);
        }

        if (filter.Decoration.Length > 0)
        {
            writer.WriteString("decoration", filter.Decoration);
        }

        writer.WriteEndObject();
    }

    public static IReadOnlyList<ReplicationFilter> ReadFilters(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var filters = new List<ReplicationFilter>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (!TryReadFilter(element, out var filter, out var error))
            {
                throw new JsonException(error);
            }

            filters.Add(filter!);
        }

        return filters;
    }

    /// <summary>Reads one <c>{type, value, decoration}</c> object; false with a reason when its shape is wrong.</summary>
    public static bool TryReadFilter(JsonElement element, out ReplicationFilter? filter, out string? error)
    {
        filter = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "a filter must be an object with type, value and decoration";
            return false;
        }

        var type = OptionalString(element, "type");
        var decoration = OptionalString(element, "decoration") ?? string.Empty;
        if (type is null)
        {
            error = "invalid filter type";
            return false;
        }

        string? value = null;
        List<string>? labels = null;
        if (element.TryGetProperty("value", out var raw))
        {
            switch (raw.ValueKind)
            {
                case JsonValueKind.String:
                    value = raw.GetString();
                    break;
                case JsonValueKind.Array:
                    labels = [];
                    foreach (var item in raw.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String)
                        {
                            error = "the type of label filter value isn't string slice";
                            return false;
                        }

                        labels.Add(item.GetString()!);
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    error = $"the value of the {type} filter must be a string or a list of strings";
                    return false;
            }
        }

        // Harbor's clients send a label filter without labels as null or omit the value: an empty list.
        if (type == ReplicationFilterTypes.Label && labels is null && value is null)
        {
            labels = [];
        }

        filter = new ReplicationFilter(type, value, labels, decoration);
        error = null;
        return true;
    }

    public static string WriteTrigger(ReplicationTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", trigger.Type);
            writer.WriteStartObject("trigger_settings");
            writer.WriteString("cron", trigger.Cron ?? string.Empty);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ReplicationTrigger ReadTrigger(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return ReplicationTrigger.Manual;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ReplicationTrigger.Manual;
        }

        var type = OptionalString(root, "type") ?? ReplicationTriggers.Manual;
        var cron = root.TryGetProperty("trigger_settings", out var settings) && settings.ValueKind == JsonValueKind.Object
            ? OptionalString(settings, "cron")
            : null;
        return new ReplicationTrigger(type, string.IsNullOrEmpty(cron) ? null : cron);
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
