using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's Scanner in reports and overviews.</summary>
public sealed record ScannerModel(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("vendor")] string Vendor,
    [property: JsonPropertyName("version")] string Version);

/// <summary>Harbor's VulnerabilitySummary: findings, fixable findings and the count per severity present.</summary>
public sealed record VulnerabilitySummaryModel(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("fixable")] int Fixable,
    [property: JsonPropertyName("summary")] IReadOnlyDictionary<string, int> Summary);

/// <summary>Harbor's NativeReportSummary: one entry of an artifact's <c>scan_overview</c>.</summary>
public sealed record ScanOverviewModel
{
    [JsonPropertyName("report_id")] public required string ReportId { get; init; }
    [JsonPropertyName("scan_status")] public required string ScanStatus { get; init; }

    [JsonPropertyName("severity"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Severity { get; init; }

    [JsonPropertyName("duration")] public long Duration { get; init; }
    [JsonPropertyName("start_time")] public DateTime StartTime { get; init; }

    [JsonPropertyName("end_time"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? EndTime { get; init; }

    [JsonPropertyName("complete_percent")] public int CompletePercent { get; init; }
    [JsonPropertyName("scanner")] public required ScannerModel Scanner { get; init; }

    [JsonPropertyName("summary"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VulnerabilitySummaryModel? Summary { get; init; }
}

/// <summary>The artifact a Harbor report is about.</summary>
public sealed record ReportArtifactModel(
    [property: JsonPropertyName("repository_name")] string RepositoryName,
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("mime_type")] string MimeType);

/// <summary>Harbor's CVSS block of a vulnerability (v3 from the preferred vector; v2 not kept).</summary>
public sealed record CvssModel(
    [property: JsonPropertyName("score_v3")] double? ScoreV3,
    [property: JsonPropertyName("score_v2")] double? ScoreV2,
    [property: JsonPropertyName("vector_v3")] string VectorV3,
    [property: JsonPropertyName("vector_v2")] string VectorV2);

/// <summary>Harbor's VulnerabilityItem.</summary>
public sealed record VulnerabilityItemModel
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("package")] public required string Package { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("fix_version")] public required string FixVersion { get; init; }
    [JsonPropertyName("severity")] public required string Severity { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("links")] public required IReadOnlyList<string> Links { get; init; }

    [JsonPropertyName("preferred_cvss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CvssModel? PreferredCvss { get; init; }

    [JsonPropertyName("cwe_ids")] public required IReadOnlyList<string> CweIds { get; init; }
    [JsonPropertyName("vendor_attributes")] public required IReadOnlyDictionary<string, object> VendorAttributes { get; init; }

    /// <summary>Set by an allowlist (an extension of Harbor's model): the finding is acknowledged, still reported.</summary>
    [JsonPropertyName("acknowledged"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Acknowledged { get; init; }
}

/// <summary>Harbor's vulnerability Report (the value under a report mime type in <c>additions/vulnerabilities</c>).</summary>
public sealed record VulnerabilityReportModel(
    [property: JsonPropertyName("generated_at")] DateTime GeneratedAt,
    [property: JsonPropertyName("artifact")] ReportArtifactModel Artifact,
    [property: JsonPropertyName("scanner")] ScannerModel Scanner,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("vulnerabilities")] IReadOnlyList<VulnerabilityItemModel> Vulnerabilities);

/// <summary>Harbor's Stats of a scan-all run (<c>/scans/all/metrics</c>, <c>/scans/schedule/metrics</c>).</summary>
public sealed record ScanAllStatsModel(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, int> Metrics,
    [property: JsonPropertyName("requester")] string Requester,
    [property: JsonPropertyName("ongoing")] bool Ongoing,
    [property: JsonPropertyName("trigger")] string Trigger);

/// <summary>Harbor's Schedule of scan-all in <c>GET /system/scanAll/schedule</c>.</summary>
public sealed record ScanAllScheduleModel(
    [property: JsonPropertyName("schedule")] ScheduleObjModel Schedule,
    [property: JsonPropertyName("creation_time")] DateTime CreationTime,
    [property: JsonPropertyName("update_time")] DateTime UpdateTime);
