using System.Data.Common;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    private static readonly QuotaListSql QuotaList = new('$');

    /// <summary>Rebuilds one project's references ($pid, $name) from present linked blobs and stored manifests, then its usage.</summary>
    private const string RecomputeQuotaSql = """
        DELETE FROM quota_references WHERE project_id = $pid;
        INSERT INTO quota_references (project_id, digest, repository, kind, size)
        SELECT $pid, rb.digest, rb.repository, 0, b.size
        FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest
        WHERE b.state = $present AND (rb.repository = $name OR substr(rb.repository, 1, length($name) + 1) = $name || '/')
        UNION ALL
        SELECT $pid, m.digest, m.repository, 1, m.size
        FROM manifests m
        WHERE m.repository = $name OR substr(m.repository, 1, length($name) + 1) = $name || '/';
        UPDATE quotas SET update_time = $at, used_storage = (
            SELECT COALESCE(SUM(r.size), 0) FROM quota_references r
            WHERE r.project_id = $pid AND NOT EXISTS (
                SELECT 1 FROM quota_references o
                WHERE o.project_id = r.project_id AND o.digest = r.digest
                  AND (o.repository < r.repository OR (o.repository = r.repository AND o.kind < r.kind))))
        WHERE project_id = $pid;
        """;

    public Task<QuotaRecord?> GetQuotaAsync(long id, CancellationToken cancellationToken) =>
        ReadAsync((connection, transaction) => FindQuotaAsync(connection, transaction, "q.id = $key", id, cancellationToken), cancellationToken);

    public Task<QuotaRecord?> GetProjectQuotaAsync(string project, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        return ReadAsync((connection, transaction) => FindProjectQuotaAsync(connection, transaction, project, cancellationToken), cancellationToken);
    }

    public Task<ListPage<QuotaRecord>> ListQuotasAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = QuotaList.Build(query);
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<QuotaRecord>();
                await using var command = Command(connection, transaction, select, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(QuotaRows.Read(reader));
                }

                return new ListPage<QuotaRecord>(items, total);
            },
            cancellationToken);
    }

    public Task<QuotaRecord?> SetQuotaHardAsync(string project, long hard, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        return WriteAsync<QuotaRecord?>(
            async (connection, transaction) =>
            {
                var quota = await FindProjectQuotaAsync(connection, transaction, project, cancellationToken);
                if (quota is null)
                {
                    return null;
                }

                await ExecuteAsync(
                    connection, transaction, "UPDATE quotas SET hard_storage = $hard, update_time = $at WHERE id = $id;", cancellationToken,
                    ("$hard", hard), ("$at", ToUnixMs(at)), ("$id", quota.Id));
                return quota with { Hard = hard, UpdateTime = at };
            },
            cancellationToken);
    }

    public Task<QuotaChargeOutcome> TryChargeQuotaAsync(string project, QuotaReference reference, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(reference);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var quota = await FindProjectQuotaAsync(connection, transaction, project, cancellationToken);
                if (quota is null)
                {
                    return new QuotaChargeOutcome(QuotaChargeStatus.NoQuota, null);
                }

                if (await ReferenceExistsAsync(connection, transaction, quota.ProjectId, reference, exact: true, cancellationToken))
                {
                    return new QuotaChargeOutcome(QuotaChargeStatus.AlreadyReferenced, quota);
                }

                var shared = await ReferenceExistsAsync(connection, transaction, quota.ProjectId, reference, exact: false, cancellationToken);
                if (!shared && quota.Hard >= 0 && quota.Used + reference.Size > quota.Hard)
                {
                    return new QuotaChargeOutcome(QuotaChargeStatus.Exceeded, quota);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO quota_references (project_id, digest, repository, kind, size) VALUES ($pid, $digest, $repository, $kind, $size);",
                    cancellationToken,
                    ("$pid", quota.ProjectId), ("$digest", reference.Digest), ("$repository", reference.Repository),
                    ("$kind", (int)reference.Kind), ("$size", reference.Size));
                if (shared)
                {
                    return new QuotaChargeOutcome(QuotaChargeStatus.Shared, quota);
                }

                await ExecuteAsync(
                    connection, transaction, "UPDATE quotas SET used_storage = used_storage + $size, update_time = $at WHERE id = $id;", cancellationToken,
                    ("$size", reference.Size), ("$at", ToUnixMs(at)), ("$id", quota.Id));
                return new QuotaChargeOutcome(QuotaChargeStatus.Charged, quota with { Used = quota.Used + reference.Size, UpdateTime = at });
            },
            cancellationToken);
    }

    public Task<QuotaReleaseOutcome> ReleaseQuotaAsync(string project, QuotaReference reference, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(reference);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var quota = await FindProjectQuotaAsync(connection, transaction, project, cancellationToken);
                if (quota is null)
                {
                    return new QuotaReleaseOutcome(false, 0, null);
                }

                long size;
                await using (var delete = Command(
                    connection,
                    transaction,
                    """
                    DELETE FROM quota_references
                    WHERE project_id = $pid AND digest = $digest AND repository = $repository AND kind = $kind
                    RETURNING size;
                    """,
                    ("$pid", quota.ProjectId), ("$digest", reference.Digest), ("$repository", reference.Repository), ("$kind", (int)reference.Kind)))
                {
                    var deleted = await delete.ExecuteScalarAsync(cancellationToken);
                    if (deleted is null)
                    {
                        return new QuotaReleaseOutcome(false, 0, quota);
                    }

                    size = (long)deleted;
                }

                if (await ReferenceExistsAsync(connection, transaction, quota.ProjectId, reference, exact: false, cancellationToken))
                {
                    return new QuotaReleaseOutcome(true, 0, quota);
                }

                var used = Math.Max(quota.Used - size, 0);
                await ExecuteAsync(
                    connection, transaction, "UPDATE quotas SET used_storage = $used, update_time = $at WHERE id = $id;", cancellationToken,
                    ("$used", used), ("$at", ToUnixMs(at)), ("$id", quota.Id));
                return new QuotaReleaseOutcome(true, size, quota with { Used = used, UpdateTime = at });
            },
            cancellationToken);
    }

    public Task<QuotaRecord?> RecomputeQuotaAsync(string project, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        return WriteAsync<QuotaRecord?>(
            async (connection, transaction) =>
            {
                var quota = await FindProjectQuotaAsync(connection, transaction, project, cancellationToken);
                if (quota is null)
                {
                    return null;
                }

                await ExecuteAsync(
                    connection, transaction, RecomputeQuotaSql, cancellationToken,
                    ("$pid", quota.ProjectId), ("$name", project), ("$present", (int)BlobState.Present), ("$at", ToUnixMs(at)));
                return await FindProjectQuotaAsync(connection, transaction, project, cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>The quota row of a project being created (called inside its create transaction).</summary>
    private static Task<int> CreateQuotaAsync(
        SqliteConnection connection, SqliteTransaction transaction, long projectId, long hard, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO quotas (project_id, hard_storage, used_storage, creation_time, update_time) VALUES ($pid, $hard, 0, $at, $at);",
            cancellationToken,
            ("$pid", projectId), ("$hard", hard), ("$at", ToUnixMs(at)));

    private static Task<QuotaRecord?> FindProjectQuotaAsync(SqliteConnection connection, SqliteTransaction transaction, string project, CancellationToken cancellationToken) =>
        FindQuotaAsync(connection, transaction, "p.name = $key", project, cancellationToken);

    private static async Task<QuotaRecord?> FindQuotaAsync(
        SqliteConnection connection, SqliteTransaction transaction, string condition, object key, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {QuotaListSql.Columns} FROM {QuotaListSql.From} WHERE {condition};", ("$key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? QuotaRows.Read(reader) : null;
    }

    /// <summary>Whether the project holds this exact reference, or (not <paramref name="exact"/>) any reference to its digest.</summary>
    private static async Task<bool> ReferenceExistsAsync(
        SqliteConnection connection, SqliteTransaction transaction, long projectId, QuotaReference reference, bool exact, CancellationToken cancellationToken)
    {
        var sql = exact
            ? "SELECT EXISTS (SELECT 1 FROM quota_references WHERE project_id = $pid AND digest = $digest AND repository = $repository AND kind = $kind);"
            : "SELECT EXISTS (SELECT 1 FROM quota_references WHERE project_id = $pid AND digest = $digest);";
        await using var command = Command(
            connection, transaction, sql,
            ("$pid", projectId), ("$digest", reference.Digest), ("$repository", reference.Repository), ("$kind", (int)reference.Kind));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! != 0;
    }
}
