using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's Project model as <c>GET /api/v2.0/projects/{name}</c> returns it.</summary>
public sealed record ProjectModel(
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("owner_id")] long OwnerId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("registry_id")] long RegistryId,
    [property: JsonPropertyName("creation_time")] DateTimeOffset CreationTime,
    [property: JsonPropertyName("update_time")] DateTimeOffset UpdateTime,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("owner_name")] string OwnerName,
    [property: JsonPropertyName("repo_count")] long RepoCount,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, string> Metadata);
