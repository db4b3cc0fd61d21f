namespace ArtifactKeeper.Scanning.Cvss;

/// <summary>
/// Severity from a CVSS score or from a database's own rating word, onto Harbor's scale.
/// <para>Scores use the CVSS v3 qualitative ratings: 0.0 None, 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High,
/// 9.0–10.0 Critical.</para>
/// <para>Words follow Trivy's vulnerability database, which Harbor's Trivy adapter passes through unchanged
/// (UNKNOWN/LOW/MEDIUM/HIGH/CRITICAL become Unknown/Low/Medium/High/Critical), case-insensitively:
/// GitHub's MODERATE is Medium; Debian's urgencies map unimportant and low to Low, medium to Medium, high to High,
/// with the "*"/"**" variants alike, and "not yet assigned"/"end-of-life" to Unknown; Ubuntu's priorities map
/// negligible and low to Low, untriaged to Unknown, critical to Critical; Red Hat's ratings map moderate to Medium
/// and important to High. Harbor's own ParseSeverityVersion3 would turn "negligible" into None; Trivy's Low is used
/// here, so a negligible finding still counts. "none" is None.</para>
/// </summary>
public static class SeverityMapping
{
    private static readonly Dictionary<string, VulnerabilitySeverity> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = VulnerabilitySeverity.Critical,
        ["high"] = VulnerabilitySeverity.High,
        ["important"] = VulnerabilitySeverity.High,
        ["medium"] = VulnerabilitySeverity.Medium,
        ["moderate"] = VulnerabilitySeverity.Medium,
        ["low"] = VulnerabilitySeverity.Low,
        ["negligible"] = VulnerabilitySeverity.Low,
        ["unimportant"] = VulnerabilitySeverity.Low,
        ["none"] = VulnerabilitySeverity.None,
        ["unknown"] = VulnerabilitySeverity.Unknown,
        ["untriaged"] = VulnerabilitySeverity.Unknown,
        ["not yet assigned"] = VulnerabilitySeverity.Unknown,
        ["end-of-life"] = VulnerabilitySeverity.Unknown,
    };

    /// <summary>The CVSS v3 qualitative rating of a base score (outside 0–10: Unknown).</summary>
    public static VulnerabilitySeverity FromScore(double score) => score switch
    {
        < 0 or > 10 or double.NaN => VulnerabilitySeverity.Unknown,
        0 => VulnerabilitySeverity.None,
        < 4 => VulnerabilitySeverity.Low,
        < 7 => VulnerabilitySeverity.Medium,
        < 9 => VulnerabilitySeverity.High,
        _ => VulnerabilitySeverity.Critical,
    };

    /// <summary>
    /// A database's rating word (GHSA database_specific.severity, Debian urgency, Ubuntu priority, Red Hat rating);
    /// null for an empty or unrecognised word, so the caller can fall back to its next source.
    /// </summary>
    public static VulnerabilitySeverity? FromDatabaseWord(string? word)
    {
        if (string.IsNullOrWhiteSpace(word))
            return null;
        var trimmed = word.Trim().TrimEnd('*');
        return Words.TryGetValue(trimmed, out var severity) ? severity : null;
    }
}
