using System.Text.Json.Serialization;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>
/// Harbor's Label as a request body: create and update read name, description, color (and on create scope and
/// project_id); attaching to an artifact reads only id. Read-only fields are accepted and ignored.
/// </summary>
public sealed class LabelReq
{
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("color")]
    public string? Color { get; set; }

    [JsonPropertyName("scope")]
    public string? Scope { get; set; }

    [JsonPropertyName("project_id")]
    public long? ProjectId { get; set; }

    [JsonPropertyName("creation_time")]
    public DateTimeOffset? CreationTime { get; set; }

    [JsonPropertyName("update_time")]
    public DateTimeOffset? UpdateTime { get; set; }
}

/// <summary>Harbor's Label as returned by <c>GET /labels</c> and <c>GET /labels/{label_id}</c>.</summary>
public sealed record LabelModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("color")] string Color,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime)
{
    public static LabelModel From(LabelRecord label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new LabelModel(
            label.LabelId, label.Name, label.Description, label.Color, label.Scope, label.ProjectId, label.CreationTime.UtcDateTime, label.UpdateTime.UtcDateTime);
    }
}
