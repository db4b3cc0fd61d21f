using System.Text.Json;
using System.Text.Json.Serialization;
using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>
/// Harbor's CVEAllowlist as a request body (<c>PUT /system/CVEAllowlist</c>, a project's <c>cve_allowlist</c>): the
/// list's <c>expires_at</c> (unix seconds; null or absent: never) and its items. id, project_id and the times are the
/// server's and ignored here.
/// </summary>
public sealed class CveAllowlistReq
{
    [JsonPropertyName("expires_at")]
    public long? ExpiresAt { get; set; }

    [JsonPropertyName("items")]
    public List<CveAllowlistItemReq?>? Items { get; set; }
}

/// <summary>Harbor's CVEAllowlistItem (<c>cve_id</c>) plus our optional <c>justification</c> and <c>expires_at</c>.</summary>
public sealed class CveAllowlistItemReq
{
    [JsonPropertyName("cve_id")]
    public string? CveId { get; set; }

    [JsonPropertyName("justification")]
    public string? Justification { get; set; }

    [JsonPropertyName("expires_at")]
    public long? ExpiresAt { get; set; }
}

/// <summary>The body of <c>POST /api/v2.0/cve-allowlists/items</c>: projects (names or ids) and the items to add to each.</summary>
public sealed class CveAllowlistBulkReq
{
    [JsonPropertyName("projects")]
    public List<JsonElement>? Projects { get; set; }

    [JsonPropertyName("items")]
    public List<CveAllowlistItemReq?>? Items { get; set; }
}

/// <summary>Harbor's CVEAllowlist as the API answers it; <c>expires_at</c> null means never.</summary>
public sealed record CveAllowlistModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("expires_at")] long? ExpiresAt,
    [property: JsonPropertyName("items")] IReadOnlyList<CveAllowlistItemModel> Items,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime)
{
    public static CveAllowlistModel From(CveAllowlist list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return new(
            list.Id,
            list.ProjectId,
            list.ExpiresAt?.ToUnixTimeSeconds(),
            [.. list.Items.Select(CveAllowlistItemModel.From)],
            list.CreationTime.UtcDateTime,
            list.UpdateTime.UtcDateTime);
    }
}

/// <summary>One entry: Harbor's <c>cve_id</c>, and our extensions (absent when not set).</summary>
public sealed record CveAllowlistItemModel([property: JsonPropertyName("cve_id")] string CveId)
{
    [JsonPropertyName("justification"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Justification { get; init; }

    [JsonPropertyName("expires_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ExpiresAt { get; init; }

    [JsonPropertyName("created_by"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("created_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? CreatedAt { get; init; }

    public static CveAllowlistItemModel From(CveAllowlistItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.CveId)
        {
            Justification = item.Justification,
            ExpiresAt = item.ExpiresAt?.ToUnixTimeSeconds(),
            CreatedBy = item.CreatedBy,
            CreatedAt = item.CreatedAt?.UtcDateTime,
        };
    }
}
