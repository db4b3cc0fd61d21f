using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>
/// Harbor's Schedule as the body of <c>POST|PUT /system/gc/schedule</c>: the schedule object and GC's parameters
/// (<c>delete_untagged</c>, <c>dry_run</c>, <c>workers</c>; others are ignored). Read-only fields are ignored.
/// </summary>
public sealed class GcScheduleReq
{
    [JsonPropertyName("schedule")]
    public ScheduleObjReq? Schedule { get; set; }

    [JsonPropertyName("parameters")]
    public Dictionary<string, JsonElement>? Parameters { get; set; }
}

/// <summary>Harbor's ScheduleObj in a request: <c>type</c> and, for Custom, a six-field <c>cron</c>.</summary>
public sealed class ScheduleObjReq
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("cron")]
    public string? Cron { get; set; }
}

/// <summary>Harbor's ScheduleObj in a response.</summary>
public sealed record ScheduleObjModel(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("cron")] string Cron,
    [property: JsonPropertyName("next_scheduled_time")] DateTime? NextScheduledTime);

/// <summary>Harbor's GCHistory: one GC run in <c>GET /system/gc</c> and <c>GET /system/gc/{gc_id}</c>.</summary>
public sealed record GcHistoryModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("job_name")] string JobName,
    [property: JsonPropertyName("job_kind")] string JobKind,
    [property: JsonPropertyName("job_parameters")] string JobParameters,
    [property: JsonPropertyName("schedule")] ScheduleObjModel? Schedule,
    [property: JsonPropertyName("job_status")] string JobStatus,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime);

/// <summary>
/// <c>GET /system/gc/schedule</c>: Harbor answers its GCHistory shape for the schedule (<c>job_kind</c> carries the
/// cron, <c>job_parameters</c> the parameters as a JSON string); <c>parameters</c> adds them as an object.
/// </summary>
public sealed record GcScheduleModel(
    [property: JsonPropertyName("job_name")] string JobName,
    [property: JsonPropertyName("job_kind")] string JobKind,
    [property: JsonPropertyName("job_parameters")] string JobParameters,
    [property: JsonPropertyName("parameters")] JsonElement Parameters,
    [property: JsonPropertyName("schedule")] ScheduleObjModel Schedule,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime);
