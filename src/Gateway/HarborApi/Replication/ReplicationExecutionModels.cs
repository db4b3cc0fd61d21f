using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Replication;

/// <summary>Harbor's StartReplicationExecution, the body of <c>POST /replication/executions</c>.</summary>
public sealed class StartReplicationExecutionReq
{
    [JsonPropertyName("policy_id")]
    public long? PolicyId { get; set; }
}

/// <summary>Harbor's ReplicationExecution.</summary>
public sealed record ReplicationExecutionModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("policy_id")] long PolicyId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("start_time")] DateTime StartTime,
    [property: JsonPropertyName("end_time")] DateTime EndTime,
    [property: JsonPropertyName("status_text")] string StatusText,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("succeed")] int Succeed,
    [property: JsonPropertyName("in_progress")] int InProgress,
    [property: JsonPropertyName("stopped")] int Stopped);

/// <summary>
/// Harbor's ReplicationTask, plus <c>bytes_sent</c> (this registry's addition: blob bytes pushed so far, live while the
/// task runs) and <c>attempts</c>.
/// </summary>
public sealed record ReplicationTaskModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("execution_id")] long ExecutionId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("resource_type")] string ResourceType,
    [property: JsonPropertyName("src_resource")] string SrcResource,
    [property: JsonPropertyName("dst_resource")] string DstResource,
    [property: JsonPropertyName("start_time")] DateTime StartTime,
    [property: JsonPropertyName("end_time")] DateTime EndTime,
    [property: JsonPropertyName("bytes_sent")] long BytesSent,
    [property: JsonPropertyName("attempts")] int Attempts);

/// <summary>The answer of the retry endpoints (this registry's addition): how many failed tasks were queued again.</summary>
public sealed record ReplicationRetryModel([property: JsonPropertyName("retried")] int Retried);
