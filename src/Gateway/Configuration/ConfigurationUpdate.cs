using System.Globalization;
using System.Text.Json;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Configuration;

/// <summary>
/// Checks a <c>PUT /configurations</c> body against the current configuration, as Harbor does: keys it does not know are
/// ignored; a value of the wrong JSON type, or one its rule refuses, is 400; changing what the server configuration decides
/// is 403 (Harbor's answer when its configuration comes from the environment), except <c>auth_mode</c> once users exist,
/// which is Harbor's 400. Any refusal changes nothing; otherwise the result holds the editable values to store.
/// </summary>
public static class ConfigurationUpdate
{
    public static ConfigurationUpdateResult Evaluate(JsonElement body, IReadOnlyDictionary<string, ConfigurationItem> current, bool usersExist)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (body.ValueKind != JsonValueKind.Object)
        {
            return ConfigurationUpdateResult.BadRequest("the configurations must be a JSON object");
        }

        var values = new List<(string Key, ConfigurationItem Item, object Value)>();
        foreach (var property in body.EnumerateObject())
        {
            if (ConfigurationKeys.Secrets.Contains(property.Name))
            {
                return ConfigurationUpdateResult.Forbidden($"{property.Name} is set by the server configuration and cannot be changed through the API");
            }

            if (!current.TryGetValue(property.Name, out var item))
            {
                continue;
            }

            if (!TryRead(property.Value, item.Kind, out var value))
            {
                return ConfigurationUpdateResult.BadRequest($"{property.Name} must be {KindName(item.Kind)}");
            }

            values.Add((property.Name, item, value));
        }

        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, item, value) in values)
        {
            if (!item.Editable)
            {
                if (Equals(value, item.Value))
                {
                    continue;
                }

                if (key == ConfigurationKeys.AuthMode && usersExist)
                {
                    return ConfigurationUpdateResult.BadRequest("the auth mode cannot be modified as new users have been inserted into database");
                }

                return ConfigurationUpdateResult.Forbidden($"{key} is set by {item.Source} and cannot be changed through the API");
            }

            if (Check(key, value) is { } problem)
            {
                return ConfigurationUpdateResult.BadRequest(problem);
            }

            changes[EditableSettings.Prefix + key] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        }

        return new ConfigurationUpdateResult(changes, null);
    }

    /// <summary>The rule of an editable key, or null when the value passes.</summary>
    private static string? Check(string key, object value) => key switch
    {
        ConfigurationKeys.ProjectCreationRestriction when !EditableSettings.TryParseRestriction((string)value, out _) =>
            $"invalid {key}, should be {ConfigurationKeys.AdminOnly} or {ConfigurationKeys.Everyone}",
        ConfigurationKeys.StoragePerProject when !StorageLimits.IsValid((long)value) =>
            $"invalid {key}: quota value should be -1 or greater than zero",
        _ => null,
    };

    private static bool TryRead(JsonElement element, ConfigurationKind kind, out object value)
    {
        switch (kind)
        {
            case ConfigurationKind.String when element.ValueKind == JsonValueKind.String:
                value = element.GetString()!;
                return true;
            case ConfigurationKind.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                value = element.GetBoolean();
                return true;
            case ConfigurationKind.Integer when element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number):
                value = number;
                return true;
            default:
                value = string.Empty;
                return false;
        }
    }

    private static string KindName(ConfigurationKind kind) => kind switch
    {
        ConfigurationKind.Boolean => "a boolean",
        ConfigurationKind.Integer => "an integer",
        _ => "a string",
    };
}

/// <summary>What <see cref="ConfigurationUpdate.Evaluate"/> decided: settings to store, or why nothing changes.</summary>
public sealed record ConfigurationUpdateResult(IReadOnlyDictionary<string, string> Changes, ConfigurationRefusal? Refusal)
{
    public static ConfigurationUpdateResult BadRequest(string message) => new(new Dictionary<string, string>(), new ConfigurationRefusal(false, message));

    public static ConfigurationUpdateResult Forbidden(string message) => new(new Dictionary<string, string>(), new ConfigurationRefusal(true, message));
}

/// <summary>A refused update: <paramref name="Forbidden"/> (403) or a bad request (400).</summary>
public sealed record ConfigurationRefusal(bool Forbidden, string Message);
