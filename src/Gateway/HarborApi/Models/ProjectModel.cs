using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's Project model, as <c>GET /api/v2.0/projects</c> and <c>/projects/{project_name_or_id}</c> return it.</summary>
public sealed record ProjectModel(
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("owner_id")] long OwnerId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("registry_id")] long RegistryId,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("owner_name")] string OwnerName,
    [property: JsonPropertyName("repo_count")] long RepoCount,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Harbor's <c>cve_allowlist</c>, shown on the single-project GET (absent from listings).</summary>
    [JsonPropertyName("cve_allowlist"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CveAllowlistModel? CveAllowlist { get; init; }

    /// <summary>Times in UTC so they serialize as RFC 3339 with a <c>Z</c>, as Harbor writes them.</summary>
    public static ProjectModel Create(
        long projectId, long ownerId, string name, DateTimeOffset creationTime, DateTimeOffset updateTime, string ownerName, long repoCount,
        IReadOnlyDictionary<string, string> metadata) =>
        new(projectId, ownerId, name, 0, creationTime.UtcDateTime, updateTime.UtcDateTime, false, ownerName, repoCount, metadata);
}

/// <summary>Harbor's ProjectDeletable: whether <c>DELETE /projects/{p}</c> would succeed, and why not.</summary>
public sealed record ProjectDeletable(
    [property: JsonPropertyName("deletable")] bool Deletable,
    [property: JsonPropertyName("message")] string Message);

/// <summary>Harbor's ProjectSummary; member counts only for callers who may list members, the quota only for those who may read it (as Harbor).</summary>
public sealed record ProjectSummary([property: JsonPropertyName("repo_count")] long RepoCount)
{
    [JsonPropertyName("project_admin_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ProjectAdminCount { get; init; }

    [JsonPropertyName("maintainer_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MaintainerCount { get; init; }

    [JsonPropertyName("developer_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DeveloperCount { get; init; }

    [JsonPropertyName("guest_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? GuestCount { get; init; }

    [JsonPropertyName("limited_guest_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LimitedGuestCount { get; init; }

    [JsonPropertyName("quota"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProjectSummaryQuota? Quota { get; init; }
}
