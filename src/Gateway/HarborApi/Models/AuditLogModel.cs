using System.Text.Json.Serialization;
using ArtifactKeeper.Audit;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's AuditLog, as <c>/audit-logs</c> and <c>/projects/{p}/logs</c> return it.</summary>
public sealed record AuditLogModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("resource_type")] string ResourceType,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("op_time")] DateTime OpTime)
{
    /// <summary>The time in UTC so it serializes as RFC 3339 with a <c>Z</c>, as Harbor writes it.</summary>
    public static AuditLogModel Create(AuditLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var e = entry.Event;
        return new(entry.Id, e.Username, e.Resource, e.ResourceType, e.Operation, e.OpTime.UtcDateTime);
    }
}

/// <summary>Harbor's AuditLogExt (<c>/auditlog-exts</c>): the AuditLog plus description and result.</summary>
public sealed record AuditLogExtModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("resource_type")] string ResourceType,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("operation_description")] string OperationDescription,
    [property: JsonPropertyName("operation_result")] bool OperationResult,
    [property: JsonPropertyName("op_time")] DateTime OpTime)
{
    public static AuditLogExtModel Create(AuditLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var e = entry.Event;
        return new(entry.Id, e.Username, e.Resource, e.ResourceType, e.Operation, e.Description ?? string.Empty, e.Succeeded, e.OpTime.UtcDateTime);
    }
}

/// <summary>Harbor's AuditLogEventType.</summary>
public sealed record AuditLogEventTypeModel([property: JsonPropertyName("event_type")] string EventType);
