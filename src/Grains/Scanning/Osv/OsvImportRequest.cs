using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// The last import of a database kept as an OCI artifact that the API accepted, kept in the metadata store's settings
/// so every silo of a cluster follows it (each holds its own copy of the database; a gateway of a cluster holds none).
/// <see cref="Version"/> and the counts are those the import was checked with; <see cref="Stamp"/> tells two requests
/// apart, so importing the same artifact again after another import is followed too.
/// </summary>
public sealed record OsvImportRequest(
    [property: JsonPropertyName("repository")] string Repository,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("requested_at")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("record_count")] int RecordCount,
    [property: JsonPropertyName("documents")] int Documents,
    [property: JsonPropertyName("invalid")] int Invalid)
{
    /// <summary>The settings key; outside <c>config.</c>, so Harbor's configurations API neither shows nor changes it.</summary>
    public const string SettingKey = "scanning.osv.import";

    /// <summary>The artifact by digest, as the database API names it.</summary>
    [JsonIgnore]
    public string Artifact => Repository + "@" + Digest;

    /// <summary>What a silo remembers of the request it carried out last.</summary>
    [JsonIgnore]
    public string Stamp => StampOf(Repository, Digest, RequestedAt);

    /// <summary>The <see cref="Stamp"/> of a request for <paramref name="repository"/>@<paramref name="digest"/> made at <paramref name="requestedAt"/>.</summary>
    public static string StampOf(string repository, string digest, DateTimeOffset requestedAt) =>
        repository + "@" + digest + " " + requestedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The request in force, or null when none was made (or the stored value is unreadable).</summary>
    public static async Task<OsvImportRequest?> ReadAsync(IConfigurationMetadata settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var stored = await settings.ListSettingsAsync(SettingKey, cancellationToken);
        if (!stored.TryGetValue(SettingKey, out var json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<OsvImportRequest>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public Task WriteAsync(IConfigurationMetadata settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.PutSettingsAsync(new Dictionary<string, string> { [SettingKey] = JsonSerializer.Serialize(this) }, cancellationToken);
    }
}
