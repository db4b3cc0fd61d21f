using System.Text.Json;
using System.Text.Json.Serialization;
using ArtifactKeeper.Access;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// A robot row. <see cref="SecretHash"/> is a salted PBKDF2 hash of the secret (the secret itself is never stored);
/// <see cref="ProjectId"/> is 0 for a system robot; <see cref="ExpiresAt"/> is unix seconds or -1.
/// </summary>
public sealed record RobotRecord(
    long RobotId,
    string Name,
    string Description,
    long ProjectId,
    string SecretHash,
    long Duration,
    long ExpiresAt,
    bool Disabled,
    string CreatorType,
    long CreatorRef,
    DateTimeOffset CreationTime,
    DateTimeOffset UpdateTime,
    IReadOnlyList<RobotPermission> Permissions);

/// <summary>The JSON column holding a robot's permissions, the same text in both backends.</summary>
internal static class RobotPermissionsJson
{
    public static string Write(IReadOnlyList<RobotPermission> permissions) =>
        JsonSerializer.Serialize(permissions.Select(p => new Stored(p.Kind, p.Namespace, p.ProjectId, p.Access.Select(a => new StoredAccess(a.Resource, a.Action, a.Effect)).ToList())));

    public static IReadOnlyList<RobotPermission> Read(string json) =>
        (JsonSerializer.Deserialize<List<Stored>>(json) ?? [])
            .Select(p => new RobotPermission(p.Kind, p.Namespace, p.ProjectId, p.Access.Select(a => new RobotAccess(a.Resource, a.Action, a.Effect)).ToList()))
            .ToList();

    private sealed record Stored(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("namespace")] string Namespace,
        [property: JsonPropertyName("project_id")] long ProjectId,
        [property: JsonPropertyName("access")] List<StoredAccess> Access);

    private sealed record StoredAccess(
        [property: JsonPropertyName("resource")] string Resource,
        [property: JsonPropertyName("action")] string Action,
        [property: JsonPropertyName("effect")] string Effect);
}
