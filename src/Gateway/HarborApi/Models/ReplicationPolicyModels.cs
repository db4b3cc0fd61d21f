using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>
/// Harbor's <c>ReplicationPolicy</c> as a request body (create and update). <c>deletion</c> is Harbor's deprecated
/// spelling of <c>replicate_deletion</c>; either turns it on. Filters are read by hand, since a label filter's value is
/// a list and the others' a string.
/// </summary>
public sealed record ReplicationPolicyReq(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("src_registry")] RegistryRef? SrcRegistry,
    [property: JsonPropertyName("dest_registry")] RegistryRef? DestRegistry,
    [property: JsonPropertyName("dest_namespace")] string? DestNamespace,
    [property: JsonPropertyName("dest_namespace_replace_count")] int? DestNamespaceReplaceCount,
    [property: JsonPropertyName("trigger")] ReplicationTriggerModel? Trigger,
    [property: JsonPropertyName("filters")] IReadOnlyList<JsonElement>? Filters,
    [property: JsonPropertyName("replicate_deletion")] bool? ReplicateDeletion,
    [property: JsonPropertyName("deletion")] bool? Deletion,
    [property: JsonPropertyName("override")] bool? Override,
    [property: JsonPropertyName("enabled")] bool? Enabled,
    [property: JsonPropertyName("speed")] int? Speed,
    [property: JsonPropertyName("copy_by_chunk")] bool? CopyByChunk,
    [property: JsonPropertyName("single_active_replication")] bool? SingleActiveReplication);

/// <summary>A registry named in a policy request: only its id counts (0 or absent: this registry).</summary>
public sealed record RegistryRef([property: JsonPropertyName("id")] long? Id);

/// <summary>Harbor's <c>ReplicationTrigger</c>.</summary>
public sealed record ReplicationTriggerModel(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("trigger_settings")] ReplicationTriggerSettingsModel? TriggerSettings);

/// <summary>Harbor's <c>ReplicationTriggerSettings</c>.</summary>
public sealed record ReplicationTriggerSettingsModel([property: JsonPropertyName("cron")] string? Cron);

/// <summary>Harbor's <c>ReplicationFilter</c> as shown: <c>value</c> a string, or a list for a label filter.</summary>
public sealed record ReplicationFilterModel(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] object? Value,
    [property: JsonPropertyName("decoration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Decoration);

/// <summary>Harbor's <c>Registry</c> as a policy shows it (never a credential).</summary>
public sealed record ReplicationRegistryModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("insecure")] bool Insecure,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime);

/// <summary>Harbor's <c>ReplicationPolicy</c> as shown.</summary>
public sealed record ReplicationPolicyModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("src_registry")] ReplicationRegistryModel SrcRegistry,
    [property: JsonPropertyName("dest_registry")] ReplicationRegistryModel DestRegistry,
    [property: JsonPropertyName("dest_namespace")] string DestNamespace,
    [property: JsonPropertyName("dest_namespace_replace_count")] int DestNamespaceReplaceCount,
    [property: JsonPropertyName("trigger")] ReplicationTriggerModel Trigger,
    [property: JsonPropertyName("filters")] IReadOnlyList<ReplicationFilterModel> Filters,
    [property: JsonPropertyName("replicate_deletion")] bool ReplicateDeletion,
    [property: JsonPropertyName("deletion")] bool Deletion,
    [property: JsonPropertyName("override")] bool Override,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("speed")] int Speed,
    [property: JsonPropertyName("copy_by_chunk")] bool CopyByChunk,
    [property: JsonPropertyName("single_active_replication")] bool SingleActiveReplication,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime);
