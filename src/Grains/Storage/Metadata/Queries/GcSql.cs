using System.Globalization;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Storage.Metadata.Queries;

/// <summary>
/// The GC's mark queries and history statements for both backends; they differ only in the parameter prefix. Every
/// list is keyset-paged (a cursor and a limit), so no query holds millions of rows at once.
/// </summary>
public sealed class GcSql(char p)
{
    private static readonly string Present = ((int)BlobState.Present).ToString(CultureInfo.InvariantCulture);
    private static readonly string Deleting = ((int)BlobState.Deleting).ToString(CultureInfo.InvariantCulture);
    private static readonly string BlobReference = ((int)ReferenceKind.Blob).ToString(CultureInfo.InvariantCulture);

    public static string CountInventory => $"""
        SELECT (SELECT COUNT(*) FROM blobs WHERE state IN ({Present}, {Deleting})), (SELECT COUNT(*) FROM manifests);
        """;

    /// <summary>Parameters: touchedBefore, afterDigest, afterRepository ('' and '' for the start), limit.</summary>
    public string UnreferencedLinks => $"""
        SELECT rb.digest, rb.repository
        FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest
        WHERE b.state = {Present} AND b.last_touched < {p}touchedBefore
          AND (rb.digest, rb.repository) > ({p}afterDigest, {p}afterRepository)
          AND NOT EXISTS (
              SELECT 1 FROM manifest_references r
              WHERE r.kind = {BlobReference} AND r.target_digest = rb.digest AND r.repository = rb.repository)
        ORDER BY rb.digest, rb.repository
        LIMIT {p}limit;
        """;

    /// <summary>Parameters: afterDigest, afterRepository ('' and '' for the start), limit.</summary>
    public string UnlinkedReferences => $"""
        SELECT DISTINCT r.target_digest, r.repository
        FROM manifest_references r
        WHERE r.kind = {BlobReference}
          AND (r.target_digest, r.repository) > ({p}afterDigest, {p}afterRepository)
          AND NOT EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.digest = r.target_digest AND rb.repository = r.repository)
        ORDER BY r.target_digest, r.repository
        LIMIT {p}limit;
        """;

    /// <summary>Parameters: touchedBefore, afterDigest ('' for the start), limit.</summary>
    public string UnlinkedBlobs => $"""
        SELECT b.digest, b.size, b.state
        FROM blobs b
        WHERE b.digest > {p}afterDigest
          AND (b.state = {Deleting} OR (b.state = {Present} AND b.last_touched < {p}touchedBefore))
          AND NOT EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.digest = b.digest)
        ORDER BY b.digest
        LIMIT {p}limit;
        """;

    /// <summary>Parameters: pushedBefore, after ('' for the start), limit.</summary>
    public string RepositoriesWithUntagged => $"""
        SELECT DISTINCT m.repository
        FROM manifests m
        WHERE m.repository > {p}after AND m.pushed_at < {p}pushedBefore
          AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.repository = m.repository AND t.digest = m.digest)
        ORDER BY m.repository
        LIMIT {p}limit;
        """;

    private const string RunColumns = "id, job_kind, parameters, status, figures, creation_time, update_time";

    /// <summary>Parameters: kind, parameters, status, figures, at.</summary>
    public string CreateRun => $"""
        INSERT INTO gc_runs (job_kind, parameters, status, figures, log, creation_time, update_time)
        VALUES ({p}kind, {p}parameters, {p}status, {p}figures, '', {p}at, {p}at)
        RETURNING {RunColumns};
        """;

    /// <summary>Parameters: id, status, figures, log, at.</summary>
    public string UpdateRun => $"""
        UPDATE gc_runs SET status = {p}status, figures = {p}figures, log = log || {p}log, update_time = {p}at WHERE id = {p}id;
        """;

    /// <summary>Parameters: id.</summary>
    public string GetRun => $"SELECT {RunColumns} FROM gc_runs WHERE id = {p}id;";

    /// <summary>Parameters: id.</summary>
    public string GetRunLog => $"SELECT log FROM gc_runs WHERE id = {p}id;";

    /// <summary>Parameters: limit, offset.</summary>
    public string ListRuns => $"SELECT {RunColumns} FROM gc_runs ORDER BY id DESC LIMIT {p}limit OFFSET {p}offset;";

    public static string CountRuns => "SELECT COUNT(*) FROM gc_runs;";

    /// <summary>Parameters: status (Error), log, at, pending, running.</summary>
    public string FailUnfinishedRuns => $"""
        UPDATE gc_runs SET status = {p}status, log = log || {p}log, update_time = {p}at WHERE status IN ({p}pending, {p}running);
        """;
}
