using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's ProjectReq: the body of <c>POST /api/v2.0/projects</c> and <c>PUT /projects/{p}</c>.</summary>
public sealed class ProjectReq
{
    [JsonPropertyName("project_name")]
    public string? ProjectName { get; set; }

    /// <summary>Deprecated top-level flag Harbor still accepts; <c>metadata.public</c> wins.</summary>
    [JsonPropertyName("public")]
    public bool? Public { get; set; }

    /// <summary>Harbor sends metadata values as strings ("true"); some scripts send booleans or numbers.</summary>
    [JsonPropertyName("metadata")]
    public Dictionary<string, JsonElement>? Metadata { get; set; }

    /// <summary>Set for a proxy-cache project (a registry endpoint id); not supported yet.</summary>
    [JsonPropertyName("registry_id")]
    public long? RegistryId { get; set; }

    [JsonPropertyName("storage_limit")]
    public long? StorageLimit { get; set; }

    /// <summary>Harbor's project CVE allowlist (replaces the project's list when present).</summary>
    [JsonPropertyName("cve_allowlist")]
    public CveAllowlistReq? CveAllowlist { get; set; }
}
