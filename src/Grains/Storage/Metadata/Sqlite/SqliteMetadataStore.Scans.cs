using ArtifactKeeper.Scanning;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Scans and their reports.</summary>
public sealed partial class SqliteMetadataStore
{

    private const string UpsertScanSql = """
        INSERT INTO scan_reports (report_id, digest, repository, scanner_name, scanner_vendor, scanner_version, status, database_version, start_time, end_time, error, requester, log)
        VALUES ($id, $digest, $repository, $name, $vendor, $version, $status, $database, $start, $end, $error, $requester, '')
        ON CONFLICT (report_id) DO UPDATE
        SET status = excluded.status, database_version = excluded.database_version, end_time = excluded.end_time, error = excluded.error,
            scanner_name = excluded.scanner_name, scanner_vendor = excluded.scanner_vendor, scanner_version = excluded.scanner_version;
        """;

    public Task SaveScanAsync(ScanRecord scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction, UpsertScanSql, cancellationToken, ScanParameters(scan)), cancellationToken);
    }

    public Task CompleteScanAsync(ScanRecord scan, ScanSummaryCounts summary, byte[] report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(report);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteAsync(connection, transaction, UpsertScanSql, cancellationToken, ScanParameters(scan));
                await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE scan_reports SET severity = $severity, total = $total, fixable = $fixable, summary = $summary, report = $report WHERE report_id = $id;",
                    cancellationToken,
                    ("$id", scan.ReportId),
                    ("$severity", (int)summary.Severity),
                    ("$total", summary.Total),
                    ("$fixable", summary.Fixable),
                    ("$summary", ScanSummaryJson.Write(summary.BySeverity)),
                    ("$report", report));
                await ExecuteAsync(
                    connection,
                    transaction,
                    "DELETE FROM scan_reports WHERE digest = $digest AND scanner_name = $name AND report_id <> $id;",
                    cancellationToken,
                    ("$digest", scan.Digest),
                    ("$name", scan.Scanner.Name),
                    ("$id", scan.ReportId));
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ScanOverviewRow>> ListScansOfAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return await ListAsync($"SELECT {ScanRows.Columns} FROM scan_reports WHERE digest = $digest ORDER BY seq;", ScanRows.Read, cancellationToken, ("$digest", digest));
    }

    public async Task<IReadOnlyList<ScanOverviewRow>> GetLatestScansAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Count == 0)
        {
            return [];
        }

        var (list, parameters) = InList(digests);
        return await ListAsync(
            $"SELECT {ScanRows.Columns} FROM scan_reports WHERE seq IN (SELECT MAX(seq) FROM scan_reports WHERE digest IN ({list}) GROUP BY digest);",
            ScanRows.Read,
            cancellationToken,
            parameters);
    }

    public async Task<ScanOverviewRow?> GetScanAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        var rows = await ListAsync($"SELECT {ScanRows.Columns} FROM scan_reports WHERE report_id = $id;", ScanRows.Read, cancellationToken, ("$id", reportId));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<byte[]?> GetScanReportAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        var rows = await ListAsync(
            "SELECT report FROM scan_reports WHERE report_id = $id AND report IS NOT NULL;", r => r.GetFieldValue<byte[]>(0), cancellationToken, ("$id", reportId));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task AppendScanLogAsync(string reportId, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        ArgumentNullException.ThrowIfNull(text);
        return WriteAsync(
            (connection, transaction) => ExecuteAsync(
                connection, transaction, "UPDATE scan_reports SET log = log || $text WHERE report_id = $id;", cancellationToken, ("$id", reportId), ("$text", text)),
            cancellationToken);
    }

    public async Task<string?> GetScanLogAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        var rows = await ListAsync("SELECT log FROM scan_reports WHERE report_id = $id;", r => r.GetString(0), cancellationToken, ("$id", reportId));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<int> FailUnfinishedScansAsync(string digest, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        ArgumentNullException.ThrowIfNull(reason);
        return WriteAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                "UPDATE scan_reports SET status = 'Error', error = $reason, end_time = $at WHERE digest = $digest AND status IN ('Pending', 'Running');",
                cancellationToken,
                ("$digest", digest),
                ("$reason", reason),
                ("$at", ToUnixMs(at))),
            cancellationToken);
    }

    public async Task<IReadOnlyList<ScanCandidate>> ListScanCandidatesAsync(
        ScanCandidate? after, int limit, string scanner, string databaseVersion, bool onlyScanned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(databaseVersion);
        return await ListAsync(
            """
            SELECT m.repository, m.digest, m.media_type, m.content FROM manifests m
            WHERE (m.repository, m.digest) > ($afterRepository, $afterDigest)
              AND m.media_type IN ($oci, $docker, $ociIndex, $dockerList)
              AND ($onlyScanned = 0 OR EXISTS (SELECT 1 FROM scan_reports p WHERE p.digest = m.digest))
              AND NOT EXISTS (
                SELECT 1 FROM scan_reports s
                WHERE s.digest = m.digest AND s.scanner_name = $scanner AND s.database_version = $database AND s.status = 'Success')
            ORDER BY m.repository, m.digest
            LIMIT $limit;
            """,
            r => new ScanCandidate(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<byte[]>(3)),
            cancellationToken,
            ("$afterRepository", after?.Repository ?? string.Empty),
            ("$afterDigest", after?.Digest ?? string.Empty),
            ("$oci", Registry.Manifests.ManifestMediaTypes.OciManifest),
            ("$docker", Registry.Manifests.ManifestMediaTypes.DockerManifest),
            ("$ociIndex", Registry.Manifests.ManifestMediaTypes.OciIndex),
            ("$dockerList", Registry.Manifests.ManifestMediaTypes.DockerManifestList),
            ("$scanner", scanner),
            ("$database", databaseVersion),
            ("$onlyScanned", onlyScanned ? 1 : 0),
            ("$limit", limit));
    }

    private static (string Name, object? Value)[] ScanParameters(ScanRecord scan) =>
    [
        ("$id", scan.ReportId),
        ("$digest", scan.Digest),
        ("$repository", scan.Repository),
        ("$name", scan.Scanner.Name),
        ("$vendor", scan.Scanner.Vendor),
        ("$version", scan.Scanner.Version),
        ("$status", scan.Status.ToString()),
        ("$database", scan.DatabaseVersion),
        ("$start", ToUnixMs(scan.StartedAt)),
        ("$end", scan.EndedAt is { } end ? ToUnixMs(end) : null),
        ("$error", scan.Error),
        ("$requester", scan.Requester),
    ];
}
