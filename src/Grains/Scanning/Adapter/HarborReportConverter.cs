namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// Converts between Harbor's adapter report and <see cref="VulnerabilityReport"/>. Reading keeps every item as a
/// finding (the report-level severity is recomputed from them, so a report whose stated severity disagrees with its
/// items is read by its items). Writing emits the maximum severity, and the v1.1 fields only for the v1.1 type.
/// </summary>
public static class HarborReportConverter
{
    /// <summary>
    /// The findings of <paramref name="report"/>; <paramref name="expectedDigest"/> is used when the report names no
    /// artifact. <paramref name="databaseVersion"/> is what the adapter's metadata says of its database.
    /// </summary>
    public static VulnerabilityReport ToReport(
        HarborVulnerabilityReport report, string expectedDigest, string databaseVersion, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.Vulnerabilities
            .Where(item => !string.IsNullOrEmpty(item.Id))
            .Select(ToFinding)
            .ToList();
        return new VulnerabilityReport(
            string.IsNullOrEmpty(report.Artifact?.Digest) ? expectedDigest : report.Artifact.Digest,
            report.Scanner?.ToIdentity() ?? new ScannerIdentity("Unknown", "Unknown", "Unknown"),
            databaseVersion,
            report.GeneratedAt ?? receivedAt,
            findings);
    }

    /// <summary>Harbor's report of <paramref name="report"/> for <paramref name="artifact"/>, in <paramref name="mimeType"/>.</summary>
    public static HarborVulnerabilityReport FromReport(VulnerabilityReport report, AdapterArtifact artifact, string mimeType)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(artifact);
        var v11 = AdapterMimeTypes.SameType(mimeType, AdapterMimeTypes.VulnerabilityReportV11);
        return new HarborVulnerabilityReport
        {
            GeneratedAt = report.GeneratedAt,
            Artifact = artifact,
            Scanner = AdapterScanner.From(report.Scanner),
            Severity = HarborSeverities.ToHarbor(report.Severity),
            Vulnerabilities = report.Vulnerabilities.Select(finding => ToItem(finding, v11)).ToList(),
        };
    }

    private static VulnerabilityFinding ToFinding(HarborVulnerabilityItem item) =>
        new(item.Id!, item.Package ?? string.Empty, item.Version ?? string.Empty, EmptyToNull(item.FixVersion), HarborSeverities.Parse(item.Severity))
        {
            Description = EmptyToNull(item.Description),
            Links = item.Links ?? [],
            CweIds = item.CweIds ?? [],
            PreferredCvss = ToCvss(item.PreferredCvss),
            LayerDiffId = EmptyToNull(item.Layer?.DiffId),
        };

    private static CvssScore? ToCvss(HarborCvss? cvss)
    {
        if (cvss is null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(cvss.VectorV3))
        {
            return new CvssScore(cvss.VectorV3, cvss.ScoreV3);
        }

        return string.IsNullOrEmpty(cvss.VectorV2) ? null : new CvssScore(cvss.VectorV2, cvss.ScoreV2);
    }

    private static HarborVulnerabilityItem ToItem(VulnerabilityFinding finding, bool v11) =>
        new()
        {
            Id = finding.Id,
            Package = finding.Package,
            Version = finding.Version,
            FixVersion = finding.FixVersion,
            Severity = HarborSeverities.ToHarbor(finding.Severity),
            Description = finding.Description ?? string.Empty,
            Links = finding.Links,
            Layer = finding.LayerDiffId is null ? null : new HarborLayer { DiffId = finding.LayerDiffId },
            CweIds = v11 ? finding.CweIds : null,
            PreferredCvss = v11 ? FromCvss(finding.PreferredCvss) : null,
        };

    /// <summary>A v3 vector (CVSS:3.x prefix) fills the v3 fields, anything else the v2 ones.</summary>
    private static HarborCvss? FromCvss(CvssScore? score)
    {
        if (score is null)
        {
            return null;
        }

        return score.Vector.StartsWith("CVSS:3", StringComparison.Ordinal) || score.Vector.StartsWith("CVSS:4", StringComparison.Ordinal)
            ? new HarborCvss { VectorV3 = score.Vector, ScoreV3 = score.BaseScore }
            : new HarborCvss { VectorV2 = score.Vector, ScoreV2 = score.BaseScore };
    }

    private static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
