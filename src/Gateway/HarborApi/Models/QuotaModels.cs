using System.Text.Json;
using System.Text.Json.Serialization;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's Quota: <c>GET /api/v2.0/quotas</c> and <c>/quotas/{id}</c>.</summary>
public sealed record QuotaModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("ref")] QuotaRefObject Ref,
    [property: JsonPropertyName("hard")] StorageResources Hard,
    [property: JsonPropertyName("used")] StorageResources Used,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime)
{
    /// <summary>Times in UTC so they serialize as RFC 3339 with a <c>Z</c>, as Harbor writes them.</summary>
    public static QuotaModel From(QuotaInfo quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        return new(
            quota.Id, new QuotaRefObject(quota.ProjectId, quota.ProjectName, quota.OwnerName), new StorageResources(quota.Hard),
            new StorageResources(quota.Used), quota.CreationTime.UtcDateTime, quota.UpdateTime.UtcDateTime);
    }
}

/// <summary>The project a quota belongs to, as Harbor's <c>ref</c> object shows it.</summary>
public sealed record QuotaRefObject(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("owner_name")] string OwnerName);

/// <summary>Harbor's ResourceList with the one resource it still counts: storage in bytes (-1: unlimited).</summary>
public sealed record StorageResources([property: JsonPropertyName("storage")] long Storage);

/// <summary>The quota part of Harbor's ProjectSummary.</summary>
public sealed record ProjectSummaryQuota(
    [property: JsonPropertyName("hard")] StorageResources Hard,
    [property: JsonPropertyName("used")] StorageResources Used);

/// <summary>Harbor's QuotaUpdateReq: <c>{"hard":{"storage":&lt;bytes&gt;}}</c>; values are read as integers, keys checked by the handler.</summary>
public sealed class QuotaUpdateReq
{
    [JsonPropertyName("hard")]
    public Dictionary<string, JsonElement>? Hard { get; set; }
}
