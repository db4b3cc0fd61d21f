using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.HarborApi.Scanning;

/// <summary>Scans and reports in Harbor's shapes, keyed by Harbor's native report mime type.</summary>
public static class ScanViews
{
    /// <summary>The mime type Harbor keys native vulnerability reports and overviews by.</summary>
    public const string ReportMimeType = "application/vnd.security.vulnerability.report; version=1.1";

    public static ScanOverviewModel Overview(ScanOverviewRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var scan = row.Scan;
        var end = scan.EndedAt;
        return new ScanOverviewModel
        {
            ReportId = scan.ReportId,
            ScanStatus = scan.Status.ToString(),
            Severity = row.Summary?.Severity.ToString(),
            Duration = end is { } e ? (long)Math.Max(0, (e - scan.StartedAt).TotalSeconds) : 0,
            StartTime = scan.StartedAt.UtcDateTime,
            EndTime = end?.UtcDateTime,
            CompletePercent = scan.Status is ScanStatus.Success or ScanStatus.Error or ScanStatus.Stopped ? 100 : 0,
            Scanner = Scanner(scan.Scanner),
            Summary = row.Summary is { } s
                ? new VulnerabilitySummaryModel(
                    s.Total,
                    s.Fixable,
                    s.BySeverity.Where(c => c.Value > 0).OrderByDescending(c => c.Key).ToDictionary(c => c.Key.ToString(), c => c.Value, StringComparer.Ordinal))
                : null,
        };
    }

    /// <summary>The report; <paramref name="isAcknowledged"/> (an allowlist) marks findings it covers, which stay in the report.</summary>
    public static VulnerabilityReportModel Report(
        VulnerabilityReport report, string repository, string mediaType, Func<VulnerabilityFinding, bool>? isAcknowledged)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new VulnerabilityReportModel(
            report.GeneratedAt.UtcDateTime,
            new ReportArtifactModel(repository, report.ArtifactDigest, mediaType),
            Scanner(report.Scanner),
            report.Severity.ToString(),
            report.Vulnerabilities.Select(f => Item(f, isAcknowledged)).ToList());
    }

    public static ScannerModel Scanner(ScannerIdentity scanner)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        return new ScannerModel(scanner.Name, scanner.Vendor, scanner.Version);
    }

    private static VulnerabilityItemModel Item(VulnerabilityFinding finding, Func<VulnerabilityFinding, bool>? isAcknowledged)
    {
        var vendor = new Dictionary<string, object>(StringComparer.Ordinal);
        Add(vendor, "ecosystem", finding.Ecosystem);
        Add(vendor, "package_path", finding.PackagePath);
        Add(vendor, "layer_diff_id", finding.LayerDiffId);
        Add(vendor, "source_name", finding.SourceName);
        Add(vendor, "source_version", finding.SourceVersion);
        Add(vendor, "purl", finding.Purl);
        if (finding.Aliases.Count > 0)
        {
            vendor["aliases"] = finding.Aliases;
        }

        return new VulnerabilityItemModel
        {
            Id = finding.Id,
            Package = finding.Package,
            Version = finding.Version,
            FixVersion = finding.FixVersion ?? string.Empty,
            Severity = finding.Severity.ToString(),
            Description = finding.Description ?? string.Empty,
            Links = finding.Links,
            PreferredCvss = finding.PreferredCvss is { } cvss ? new CvssModel(cvss.BaseScore, null, cvss.Vector, string.Empty) : null,
            CweIds = finding.CweIds,
            VendorAttributes = vendor,
            Acknowledged = isAcknowledged is null ? null : isAcknowledged(finding),
        };
    }

    private static void Add(Dictionary<string, object> values, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values[name] = value;
        }
    }

    public static ScanAllStatsModel Stats(ScanAllMetrics? metrics) =>
        metrics is null
            ? new ScanAllStatsModel(0, 0, new Dictionary<string, int>(), string.Empty, false, string.Empty)
            : new ScanAllStatsModel(
                metrics.Total, metrics.Completed, metrics.Metrics, metrics.RequestedBy ?? metrics.RunId, metrics.Ongoing, metrics.Trigger);

    /// <summary>A never-scanned artifact has no overview; a scanned one has one entry under <see cref="ReportMimeType"/>.</summary>
    public static IReadOnlyDictionary<string, ScanOverviewModel> OverviewMap(ScanOverviewRow row) =>
        new Dictionary<string, ScanOverviewModel>(StringComparer.Ordinal) { [ReportMimeType] = Overview(row) };
}
