using System.Text.Json.Serialization;

namespace ArtifactKeeper.Scanning.Trivy;

// The parts of Trivy's JSON report (SchemaVersion 2) the parser reads; the rest is ignored.

public sealed record TrivyReport
{
    [JsonPropertyName("SchemaVersion")] public int SchemaVersion { get; init; }

    [JsonPropertyName("Trivy")] public TrivyVersionInfo? Trivy { get; init; }

    [JsonPropertyName("CreatedAt")] public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("ArtifactName")] public string? ArtifactName { get; init; }

    [JsonPropertyName("ArtifactType")] public string? ArtifactType { get; init; }

    [JsonPropertyName("Metadata")] public TrivyMetadata? Metadata { get; init; }

    [JsonPropertyName("Results")] public IReadOnlyList<TrivyResult>? Results { get; init; }
}

public sealed record TrivyVersionInfo
{
    [JsonPropertyName("Version")] public string? Version { get; init; }
}

public sealed record TrivyMetadata
{
    [JsonPropertyName("OS")] public TrivyOs? Os { get; init; }
}

public sealed record TrivyOs
{
    [JsonPropertyName("Family")] public string? Family { get; init; }

    [JsonPropertyName("Name")] public string? Name { get; init; }
}

public sealed record TrivyResult
{
    [JsonPropertyName("Target")] public string? Target { get; init; }

    [JsonPropertyName("Class")] public string? Class { get; init; }

    [JsonPropertyName("Type")] public string? Type { get; init; }

    [JsonPropertyName("Vulnerabilities")] public IReadOnlyList<TrivyVulnerability>? Vulnerabilities { get; init; }
}

public sealed record TrivyVulnerability
{
    [JsonPropertyName("VulnerabilityID")] public string? VulnerabilityId { get; init; }

    [JsonPropertyName("VendorIDs")] public IReadOnlyList<string>? VendorIds { get; init; }

    [JsonPropertyName("PkgName")] public string? PkgName { get; init; }

    [JsonPropertyName("PkgPath")] public string? PkgPath { get; init; }

    [JsonPropertyName("PkgIdentifier")] public TrivyPackageIdentifier? PkgIdentifier { get; init; }

    [JsonPropertyName("InstalledVersion")] public string? InstalledVersion { get; init; }

    [JsonPropertyName("FixedVersion")] public string? FixedVersion { get; init; }

    [JsonPropertyName("Layer")] public TrivyLayer? Layer { get; init; }

    [JsonPropertyName("SeveritySource")] public string? SeveritySource { get; init; }

    [JsonPropertyName("PrimaryURL")] public string? PrimaryUrl { get; init; }

    [JsonPropertyName("Title")] public string? Title { get; init; }

    [JsonPropertyName("Description")] public string? Description { get; init; }

    [JsonPropertyName("Severity")] public string? Severity { get; init; }

    [JsonPropertyName("CweIDs")] public IReadOnlyList<string>? CweIds { get; init; }

    [JsonPropertyName("CVSS")] public IReadOnlyDictionary<string, TrivyCvss>? Cvss { get; init; }

    [JsonPropertyName("References")] public IReadOnlyList<string>? References { get; init; }
}

public sealed record TrivyPackageIdentifier
{
    [JsonPropertyName("PURL")] public string? Purl { get; init; }
}

public sealed record TrivyLayer
{
    [JsonPropertyName("Digest")] public string? Digest { get; init; }

    [JsonPropertyName("DiffID")] public string? DiffId { get; init; }
}

public sealed record TrivyCvss
{
    [JsonPropertyName("V2Vector")] public string? V2Vector { get; init; }

    [JsonPropertyName("V3Vector")] public string? V3Vector { get; init; }

    [JsonPropertyName("V2Score")] public double? V2Score { get; init; }

    [JsonPropertyName("V3Score")] public double? V3Score { get; init; }
}
