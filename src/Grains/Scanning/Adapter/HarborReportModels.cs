using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// Harbor's vulnerability report, the body of <c>GET /api/v1/scan/{id}/report</c>. Both report mime types use this
/// shape; v1.1 (<see cref="AdapterMimeTypes.VulnerabilityReportV11"/>) adds <c>cwe_ids</c>, <c>preferred_cvss</c>
/// and <c>vendor_attributes</c> to each item. <see cref="Severity"/> is kept as the adapter sent it.
/// </summary>
public sealed record HarborVulnerabilityReport
{
    [JsonPropertyName("generated_at")] public DateTimeOffset? GeneratedAt { get; init; }

    [JsonPropertyName("artifact")] public AdapterArtifact? Artifact { get; init; }

    [JsonPropertyName("scanner")] public AdapterScanner? Scanner { get; init; }

    [JsonPropertyName("severity")] public string? Severity { get; init; }

    [JsonPropertyName("vulnerabilities")] public IReadOnlyList<HarborVulnerabilityItem> Vulnerabilities { get; init; } = [];
}

/// <summary>One finding of a Harbor report.</summary>
public sealed record HarborVulnerabilityItem
{
    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("package")] public string? Package { get; init; }

    [JsonPropertyName("version")] public string? Version { get; init; }

    [JsonPropertyName("fix_version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FixVersion { get; init; }

    [JsonPropertyName("severity")] public string? Severity { get; init; }

    [JsonPropertyName("description")] public string? Description { get; init; }

    [JsonPropertyName("links")] public IReadOnlyList<string>? Links { get; init; }

    [JsonPropertyName("layer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HarborLayer? Layer { get; init; }

    [JsonPropertyName("cwe_ids")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? CweIds { get; init; }

    [JsonPropertyName("preferred_cvss")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HarborCvss? PreferredCvss { get; init; }

    [JsonPropertyName("vendor_attributes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? VendorAttributes { get; init; }
}

/// <summary>The layer a finding was seen in.</summary>
public sealed record HarborLayer
{
    [JsonPropertyName("digest")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Digest { get; init; }

    [JsonPropertyName("diff_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DiffId { get; init; }
}

/// <summary>The preferred CVSS scores and vectors of a v1.1 item.</summary>
public sealed record HarborCvss
{
    [JsonPropertyName("score_v3")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ScoreV3 { get; init; }

    [JsonPropertyName("score_v2")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ScoreV2 { get; init; }

    [JsonPropertyName("vector_v3")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VectorV3 { get; init; }

    [JsonPropertyName("vector_v2")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VectorV2 { get; init; }
}
