using ArtifactKeeper.Scanning;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// Scans and their reports, one row per scan (report id), written by the scan grain of the digest. A digest keeps at
/// most its newest successful scan and a newer one still going or failed per scanner. Listings read the newest scan of
/// a page of digests in one query (<see cref="GetLatestScansAsync"/>), never one grain call per artifact.
/// </summary>
public interface IScanMetadata
{
    /// <summary>Inserts or updates the scan row <see cref="ScanRecord.ReportId"/> (state, times, error; report untouched).</summary>
    Task SaveScanAsync(ScanRecord scan, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a successful scan with its summary and report (gzip JSON) and removes the digest's other scans by the
    /// same scanner. One transaction.
    /// </summary>
    Task CompleteScanAsync(ScanRecord scan, ScanSummaryCounts summary, byte[] report, CancellationToken cancellationToken);

    /// <summary>Every scan of <paramref name="digest"/>, oldest first.</summary>
    Task<IReadOnlyList<ScanOverviewRow>> ListScansOfAsync(string digest, CancellationToken cancellationToken);

    /// <summary>The newest scan of each of <paramref name="digests"/> that was ever scanned (any scanner), in one query.</summary>
    Task<IReadOnlyList<ScanOverviewRow>> GetLatestScansAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken);

    Task<ScanOverviewRow?> GetScanAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>The stored report of a successful scan (gzip JSON), or null.</summary>
    Task<byte[]?> GetScanReportAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>Appends lines to the scan's log; nothing when there is no such scan.</summary>
    Task AppendScanLogAsync(string reportId, string text, CancellationToken cancellationToken);

    /// <summary>The scan's log, or null when there is no such scan.</summary>
    Task<string?> GetScanLogAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>Marks the digest's Pending and Running scans as Error with <paramref name="reason"/> (left by a process that died).</summary>
    Task<int> FailUnfinishedScansAsync(string digest, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// One page, in (repository, digest) order after <paramref name="after"/>, of the image and index manifests with no
    /// successful scan by <paramref name="scanner"/> against <paramref name="databaseVersion"/> (scan-all's work list);
    /// with <paramref name="onlyScanned"/>, only those scanned before (rescans after a database change).
    /// </summary>
    Task<IReadOnlyList<ScanCandidate>> ListScanCandidatesAsync(
        ScanCandidate? after, int limit, string scanner, string databaseVersion, bool onlyScanned, CancellationToken cancellationToken);
}

/// <summary>A scan row without its report. <see cref="Requester"/> names the scan-all run that asked for it, if any.</summary>
public sealed record ScanRecord(
    string ReportId,
    string Digest,
    string Repository,
    ScannerIdentity Scanner,
    ScanStatus Status,
    string? DatabaseVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? Error,
    string? Requester);

/// <summary>What a report holds in numbers: worst severity, findings, fixable ones and the count per severity present.</summary>
public sealed record ScanSummaryCounts(VulnerabilitySeverity Severity, int Total, int Fixable, IReadOnlyDictionary<VulnerabilitySeverity, int> BySeverity)
{
    public static ScanSummaryCounts Of(VulnerabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var counts = report.Vulnerabilities.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count());
        return new ScanSummaryCounts(
            report.Severity, report.Vulnerabilities.Count, report.Vulnerabilities.Count(f => !string.IsNullOrEmpty(f.FixVersion)), counts);
    }
}

/// <summary>A scan and, when it succeeded, its summary.</summary>
public sealed record ScanOverviewRow(ScanRecord Scan, ScanSummaryCounts? Summary);

/// <summary>An artifact scan-all may scan, with its manifest (so what is not scannable is skipped without another read).</summary>
public sealed record ScanCandidate(string Repository, string Digest, string MediaType, byte[] Content);
