namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// Severity words: Harbor writes them capitalised (Critical, High, Medium, Low, Unknown, None), Trivy in capitals.
/// Reading accepts any case; Harbor's <c>Negligible</c> (below Low) is read as Low, the nearest level here.
/// </summary>
public static class HarborSeverities
{
    public static string ToHarbor(VulnerabilitySeverity severity) => severity switch
    {
        VulnerabilitySeverity.Critical => "Critical",
        VulnerabilitySeverity.High => "High",
        VulnerabilitySeverity.Medium => "Medium",
        VulnerabilitySeverity.Low => "Low",
        VulnerabilitySeverity.Unknown => "Unknown",
        _ => "None",
    };

    /// <summary>The severity a word names; Unknown for a missing or unrecognised word.</summary>
    public static VulnerabilitySeverity Parse(string? word) => word?.Trim().ToUpperInvariant() switch
    {
        "CRITICAL" => VulnerabilitySeverity.Critical,
        "HIGH" => VulnerabilitySeverity.High,
        "MEDIUM" or "MODERATE" => VulnerabilitySeverity.Medium,
        "LOW" or "NEGLIGIBLE" => VulnerabilitySeverity.Low,
        "NONE" => VulnerabilitySeverity.None,
        _ => VulnerabilitySeverity.Unknown,
    };
}
