using System.Globalization;
using ArtifactKeeper.HarborApi;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Configuration;

/// <summary>
/// The configuration values the API may change, as stored in the settings table (keys <see cref="Prefix"/> + Harbor's name);
/// a value never set falls back to the server configuration's default.
/// </summary>
public sealed record EditableSettings(ProjectCreationRestriction ProjectCreationRestriction, long StoragePerProject)
{
    /// <summary>Prefix of these values' keys in the settings table.</summary>
    public const string Prefix = "config.";

    /// <summary>Harbor's default: no storage limit per project.</summary>
    public const long Unlimited = StorageLimits.Unlimited;

    /// <summary>The values in <paramref name="stored"/> (keys with <see cref="Prefix"/>), others from the defaults.</summary>
    public static EditableSettings FromStored(
        IReadOnlyDictionary<string, string> stored, ProjectCreationRestriction defaultRestriction, long defaultStorageLimit = Unlimited)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var restriction = stored.TryGetValue(Prefix + ConfigurationKeys.ProjectCreationRestriction, out var r) && TryParseRestriction(r, out var parsed)
            ? parsed
            : defaultRestriction;
        var storage = stored.TryGetValue(Prefix + ConfigurationKeys.StoragePerProject, out var s) &&
            long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && StorageLimits.IsValid(limit)
            ? limit
            : defaultStorageLimit;
        return new EditableSettings(restriction, storage);
    }

    /// <summary>Harbor's spelling: exactly <c>adminonly</c> or <c>everyone</c>.</summary>
    public static bool TryParseRestriction(string? value, out ProjectCreationRestriction restriction)
    {
        (var ok, restriction) = value switch
        {
            ConfigurationKeys.AdminOnly => (true, ProjectCreationRestriction.AdminOnly),
            ConfigurationKeys.Everyone => (true, ProjectCreationRestriction.Everyone),
            _ => (false, ProjectCreationRestriction.Everyone),
        };
        return ok;
    }

    public static string Format(ProjectCreationRestriction restriction) =>
        restriction == ProjectCreationRestriction.AdminOnly ? ConfigurationKeys.AdminOnly : ConfigurationKeys.Everyone;
}
