using ArtifactKeeper.Registry.Manifests;
using ArtifactKeeper.Scanning;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Scans and their reports.</summary>
public sealed partial class PostgresMetadataStore
{

    private const string UpsertScanSql = """
        INSERT INTO scan_reports (report_id, digest, repository, scanner_name, scanner_vendor, scanner_version, status, database_version, start_time, end_time, error, requester, log)
        VALUES (@id, @digest, @repository, @name, @vendor, @version, @status, @database, @start, @end, @error, @requester, '')
        ON CONFLICT (report_id) DO UPDATE
        SET status = excluded.status, database_version = excluded.database_version, end_time = excluded.end_time, error = excluded.error,
            scanner_name = excluded.scanner_name, scanner_vendor = excluded.scanner_vendor, scanner_version = excluded.scanner_version;
        """;

    public Task SaveScanAsync(ScanRecord scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return ExecuteAsync(UpsertScanSql, cancellationToken, ScanParameters(scan));
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
                    "UPDATE scan_reports SET severity = @severity, total = @total, fixable = @fixable, summary = @summary, report = @report WHERE report_id = @id;",
                    cancellationToken,
                    P("id", scan.ReportId),
                    P("severity", (int)summary.Severity),
                    P("total", summary.Total),
                    P("fixable", summary.Fixable),
                    P("summary", ScanSummaryJson.Write(summary.BySeverity)),
                    P("report", report));
                await ExecuteAsync(
                    connection,
                    transaction,
                    "DELETE FROM scan_reports WHERE digest = @digest AND scanner_name = @name AND report_id <> @id;",
                    cancellationToken,
                    P("digest", scan.Digest),
                    P("name", scan.Scanner.Name),
                    P("id", scan.ReportId));
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ScanOverviewRow>> ListScansOfAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return await QueryAsync($"SELECT {ScanRows.Columns} FROM scan_reports WHERE digest = @digest ORDER BY seq;", ScanRows.Read, cancellationToken, P("digest", digest));
    }

    public async Task<IReadOnlyList<ScanOverviewRow>> GetLatestScansAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        return digests.Count == 0
            ? []
            : await QueryAsync(
                $"SELECT {ScanRows.Columns} FROM scan_reports WHERE seq IN (SELECT MAX(seq) FROM scan_reports WHERE digest = ANY(@digests) GROUP BY digest);",
                ScanRows.Read,
                cancellationToken,
                P("digests", digests.ToArray()));
    }

    public async Task<ScanOverviewRow?> GetScanAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        var rows = await QueryAsync($"SELECT {ScanRows.Columns} FROM scan_reports WHERE report_id = @id;", ScanRows.Read, cancellationToken, P("id", reportId));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<byte[]?> GetScanReportAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        var rows = await QueryAsync(
            "SELECT report FROM scan_reports WHERE report_id = @id AND report IS NOT NULL;", r => r.GetFieldValue<byte[]>(0), cancellationToken, P("id", reportId));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task AppendScanLogAsync(string reportId, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        ArgumentNullException.ThrowIfNull(text);
        return ExecuteAsync("UPDATE scan_reports SET log = log || @text WHERE report_id = @id;", cancellationToken, P("id", reportId), P("text", text));
    }

    public async Task<string?> GetScanLogAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        var rows = await QueryAsync("SELECT log FROM scan_reports WHERE report_id = @id;", r => r.GetString(0), cancellationToken, P("id", reportId));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<int> FailUnfinishedScansAsync(string digest, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        ArgumentNullException.ThrowIfNull(reason);
        return ExecuteAsync(
            "UPDATE scan_reports SET status = 'Error', error = @reason, end_time = @at WHERE digest = @digest AND status IN ('Pending', 'Running');",
            cancellationToken,
            P("digest", digest),
            P("reason", reason),
            P("at", ToUnixMs(at)));
    }

    public async Task<IReadOnlyList<ScanCandidate>> ListScanCandidatesAsync(
        ScanCandidate? after, int limit, string scanner, string databaseVersion, bool onlyScanned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(databaseVersion);
        return await QueryAsync(
            """
            SELECT m.repository, m.digest, m.media_type, m.content FROM manifests m
            WHERE (m.repository, m.digest) > (@afterRepository, @afterDigest)
              AND m.media_type = ANY(@types)
              AND (NOT @onlyScanned OR EXISTS (SELECT 1 FROM scan_reports p WHERE p.digest = m.digest))
              AND NOT EXISTS (
                SELECT 1 FROM scan_reports s
                WHERE s.digest = m.digest AND s.scanner_name = @scanner AND s.database_version = @database AND s.status = 'Success')
            ORDER BY m.repository, m.digest
            LIMIT @limit;
            """,
            r => new ScanCandidate(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<byte[]>(3)),
            cancellationToken,
            P("afterRepository", after?.Repository ?? string.Empty),
            P("afterDigest", after?.Digest ?? string.Empty),
            P("types", new[] { ManifestMediaTypes.OciManifest, ManifestMediaTypes.DockerManifest, ManifestMediaTypes.OciIndex, ManifestMediaTypes.DockerManifestList }),
            P("scanner", scanner),
            P("database", databaseVersion),
            P("onlyScanned", onlyScanned),
            P("limit", limit));
    }

    private static NpgsqlParameter[] ScanParameters(ScanRecord scan) =>
    [
        P("id", scan.ReportId),
        P("digest", scan.Digest),
        P("repository", scan.Repository),
        P("name", scan.Scanner.Name),
        P("vendor", scan.Scanner.Vendor),
        P("version", scan.Scanner.Version),
        P("status", scan.Status.ToString()),
        P<string?>("database", scan.DatabaseVersion),
        P("start", ToUnixMs(scan.StartedAt)),
        P<long?>("end", scan.EndedAt is { } end ? ToUnixMs(end) : null),
        P<string?>("error", scan.Error),
        P<string?>("requester", scan.Requester),
    ];
}
