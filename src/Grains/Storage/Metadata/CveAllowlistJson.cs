using System.Text.Json;
using System.Text.Json.Serialization;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// The stored form of an allowlist's entries (a JSON array; both backends keep it as text): CVE id, justification,
/// expiry in unix seconds, creator and creation time in unix milliseconds.
/// </summary>
public static class CveAllowlistJson
{
    public static string Serialize(IReadOnlyList<CveAllowlistItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return JsonSerializer.Serialize(items.Select(item => new Row(
            item.CveId, item.Justification, item.ExpiresAt?.ToUnixTimeSeconds(), item.CreatedBy, item.CreatedAt?.ToUnixTimeMilliseconds())));
    }

    public static IReadOnlyList<CveAllowlistItem> Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var rows = JsonSerializer.Deserialize<List<Row>>(json) ?? [];
        return [.. rows.Select(row => new CveAllowlistItem(
            row.CveId,
            row.Justification,
            row.ExpiresAt is { } expires ? DateTimeOffset.FromUnixTimeSeconds(expires) : null,
            row.CreatedBy,
            row.CreatedAt is { } created ? DateTimeOffset.FromUnixTimeMilliseconds(created) : null))];
    }

    private sealed record Row(
        [property: JsonPropertyName("cve_id")] string CveId,
        [property: JsonPropertyName("justification")] string? Justification,
        [property: JsonPropertyName("expires_at")] long? ExpiresAt,
        [property: JsonPropertyName("created_by")] string? CreatedBy,
        [property: JsonPropertyName("created_at")] long? CreatedAt);
}
