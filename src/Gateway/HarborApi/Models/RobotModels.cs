using System.Text.Json.Serialization;
using ArtifactKeeper.Access;
using ArtifactKeeper.Access.Robots;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's RobotCreate: the body of <c>POST /api/v2.0/robots</c>.</summary>
public sealed class RobotCreateReq
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>In Harbor's swagger but ignored by Harbor on create: the secret is always generated.</summary>
    [JsonPropertyName("secret")]
    public string? Secret { get; set; }

    [JsonPropertyName("level")]
    public string? Level { get; set; }

    [JsonPropertyName("disable")]
    public bool? Disable { get; set; }

    [JsonPropertyName("duration")]
    public long? Duration { get; set; }

    [JsonPropertyName("permissions")]
    public List<RobotPermissionModel?>? Permissions { get; set; }
}

/// <summary>Harbor's Robot as the body of <c>PUT /api/v2.0/robots/{robot_id}</c>; read-only fields are accepted and ignored.</summary>
public sealed class RobotReq
{
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("secret")]
    public string? Secret { get; set; }

    [JsonPropertyName("level")]
    public string? Level { get; set; }

    [JsonPropertyName("duration")]
    public long? Duration { get; set; }

    [JsonPropertyName("editable")]
    public bool? Editable { get; set; }

    [JsonPropertyName("disable")]
    public bool? Disable { get; set; }

    [JsonPropertyName("expires_at")]
    public long? ExpiresAt { get; set; }

    [JsonPropertyName("permissions")]
    public List<RobotPermissionModel?>? Permissions { get; set; }

    [JsonPropertyName("creator_type")]
    public string? CreatorType { get; set; }

    [JsonPropertyName("creator_ref")]
    public long? CreatorRef { get; set; }

    [JsonPropertyName("creation_time")]
    public DateTimeOffset? CreationTime { get; set; }

    [JsonPropertyName("update_time")]
    public DateTimeOffset? UpdateTime { get; set; }
}

/// <summary>Harbor's RobotPermission.</summary>
public sealed class RobotPermissionModel
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("access")]
    public List<AccessModel?>? Access { get; set; }
}

/// <summary>Harbor's Access: one resource/action pair and its effect.</summary>
public sealed class AccessModel
{
    [JsonPropertyName("resource")]
    public string? Resource { get; set; }

    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("effect")]
    public string? Effect { get; set; }
}

/// <summary>Harbor's RobotSec: the body and answer of <c>PATCH /robots/{robot_id}</c>.</summary>
public sealed class RobotSec
{
    [JsonPropertyName("secret")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; set; }
}

/// <summary>Harbor's RobotCreated: the one answer that shows a generated secret.</summary>
public sealed record RobotCreated(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("expires_at")] long ExpiresAt);

/// <summary>Harbor's Robot as read back: never with its secret.</summary>
public sealed record RobotModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("duration")] long Duration,
    [property: JsonPropertyName("editable")] bool Editable,
    [property: JsonPropertyName("disable")] bool Disable,
    [property: JsonPropertyName("expires_at")] long ExpiresAt,
    [property: JsonPropertyName("permissions")] IReadOnlyList<RobotPermissionView> Permissions,
    [property: JsonPropertyName("creator_type")] string CreatorType,
    [property: JsonPropertyName("creator_ref")] long CreatorRef,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime)
{
    public static RobotModel From(RobotInfo robot)
    {
        ArgumentNullException.ThrowIfNull(robot);
        return new(
            robot.RobotId, RobotNames.Full(robot.Name), robot.Description, robot.Level, robot.Duration, true, robot.Disabled, robot.ExpiresAt,
            robot.Permissions.Select(p => new RobotPermissionView(p.Kind, p.Namespace, p.Access.Select(a => new AccessView(a.Resource, a.Action, a.Effect)).ToList())).ToList(),
            robot.CreatorType, robot.CreatorRef, robot.CreationTime.UtcDateTime, robot.UpdateTime.UtcDateTime);
    }
}

/// <summary>A robot permission as answered.</summary>
public sealed record RobotPermissionView(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("access")] IReadOnlyList<AccessView> Access);

/// <summary>An access entry as answered.</summary>
public sealed record AccessView(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("effect")] string Effect);

/// <summary>Harbor's Permissions: what robots may be granted; <c>system</c> only for the system admin.</summary>
public sealed record PermissionsModel(
    [property: JsonPropertyName("system"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PermissionView>? System,
    [property: JsonPropertyName("project")] IReadOnlyList<PermissionView> Project);

/// <summary>Harbor's Permission: a resource and an action.</summary>
public sealed record PermissionView(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("action")] string Action);
