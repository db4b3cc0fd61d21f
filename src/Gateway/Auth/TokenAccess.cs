using System.Text.Json.Serialization;

namespace ArtifactKeeper.Auth;

/// <summary>One entry of a registry token's <c>access</c> claim: what the bearer may do to one resource.</summary>
public sealed record TokenAccess(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("actions")] IReadOnlyList<string> Actions);
