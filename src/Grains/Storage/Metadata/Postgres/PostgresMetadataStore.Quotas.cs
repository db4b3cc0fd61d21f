using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

public sealed partial class PostgresMetadataStore
{
    private static readonly QuotaListSql QuotaList = new('@');

    /// <summary>Inserts the quota row of the project a <c>created</c> CTE just inserted (@storageLimit, @at).</summary>
    private const string CreateQuotaSql = """
        INSERT INTO quotas (project_id, hard_storage, used_storage, creation_time, update_time)
        SELECT c.project_id, @storageLimit, 0, @at, @at FROM created c
        """;

    /// <summary>Rebuilds one project's references (@pid, @name) from present linked blobs and stored manifests, then its usage.</summary>
    private const string RecomputeQuotaSql = """
        DELETE FROM quota_references WHERE project_id = @pid;
        INSERT INTO quota_references (project_id, digest, repository, kind, size)
        SELECT @pid, rb.digest, rb.repository, 0, b.size
        FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest
        WHERE b.state = @present AND (rb.repository = @name OR left(rb.repository, length(@name) + 1) = @name || '/')
        UNION ALL
        SELECT @pid, m.digest, m.repository, 1, m.size
        FROM manifests m
        WHERE m.repository = @name OR left(m.repository, length(@name) + 1) = @name || '/';
        UPDATE quotas SET update_time = @at, used_storage = (
            SELECT COALESCE(SUM(r.size), 0) FROM (SELECT DISTINCT ON (digest) size FROM quota_references
            WHERE project_id = @pid ORDER BY digest) r)
        WHERE project_id = @pid;
        """;

    public async Task<QuotaRecord?> GetQuotaAsync(long id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {QuotaListSql.Columns} FROM {QuotaListSql.From} WHERE q.id = @id;", QuotaRows.Read, cancellationToken, P("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<QuotaRecord?> GetProjectQuotaAsync(string project, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var rows = await QueryAsync($"SELECT {QuotaListSql.Columns} FROM {QuotaListSql.From} WHERE p.name = @name;", QuotaRows.Read, cancellationToken, P("name", project));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<ListPage<QuotaRecord>> ListQuotasAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = QuotaList.Build(query);
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<QuotaRecord>();
                await using var command = Command(connection, transaction, select, Arguments());
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
                var quota = await LockProjectQuotaAsync(connection, transaction, project, cancellationToken);
                if (quota is null)
                {
                    return null;
                }

                await ExecuteAsync(
                    connection, transaction, "UPDATE quotas SET hard_storage = @hard, update_time = @at WHERE id = @id;", cancellationToken,
                    P("hard", hard), P("at", ToUnixMs(at)), P("id", quota.Id));
                return quota with { Hard = hard, UpdateTime = at };
            },
            cancellationToken);
    }

    /// <remarks>The quota row is locked first, so charges of one project queue even across processes and never over-admit.</remarks>
    public Task<QuotaChargeOutcome> TryChargeQuotaAsync(string project, QuotaReference reference, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(reference);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var quota = await LockProjectQuotaAsync(connection, transaction, project, cancellationToken);
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
                    "INSERT INTO quota_references (project_id, digest, repository, kind, size) VALUES (@pid, @digest, @repository, @kind, @size);",
                    cancellationToken,
                    P("pid", quota.ProjectId), P("digest", reference.Digest), P("repository", reference.Repository),
                    P("kind", (int)reference.Kind), P("size", reference.Size));
                if (shared)
                {
                    return new QuotaChargeOutcome(QuotaChargeStatus.Shared, quota);
                }

                await ExecuteAsync(
                    connection, transaction, "UPDATE quotas SET used_storage = used_storage + @size, update_time = @at WHERE id = @id;", cancellationToken,
                    P("size", reference.Size), P("at", ToUnixMs(at)), P("id", quota.Id));
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
                var quota = await LockProjectQuotaAsync(connection, transaction, project, cancellationToken);
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
                    WHERE project_id = @pid AND digest = @digest AND repository = @repository AND kind = @kind
                    RETURNING size;
                    """,
                    P("pid", quota.ProjectId), P("digest", reference.Digest), P("repository", reference.Repository), P("kind", (int)reference.Kind)))
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
                    connection, transaction, "UPDATE quotas SET used_storage = @used, update_time = @at WHERE id = @id;", cancellationToken,
                    P("used", used), P("at", ToUnixMs(at)), P("id", quota.Id));
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
                var quota = await LockProjectQuotaAsync(connection, transaction, project, cancellationToken);
                if (quota is null)
                {
                    return null;
                }

                await using (var batch = Batch(
                    connection,
                    transaction,
                    RecomputeQuotaSql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(sql => Statement(sql, P("pid", quota.ProjectId), P("name", project), P("present", (int)BlobState.Present), P("at", ToUnixMs(at))))
                        .ToArray()))
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var command = Command(
                    connection, transaction, $"SELECT {QuotaListSql.Columns} FROM {QuotaListSql.From} WHERE q.id = @id;", P("id", quota.Id));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? QuotaRows.Read(reader) : null;
            },
            cancellationToken);
    }

    private static async Task<QuotaRecord?> LockProjectQuotaAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string project, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection, transaction, $"SELECT {QuotaListSql.Columns} FROM {QuotaListSql.From} WHERE p.name = @name FOR UPDATE OF q;", P("name", project));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? QuotaRows.Read(reader) : null;
    }

    /// <summary>Whether the project holds this exact reference, or (not <paramref name="exact"/>) any reference to its digest.</summary>
    private static async Task<bool> ReferenceExistsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long projectId, QuotaReference reference, bool exact, CancellationToken cancellationToken)
    {
        await using var command = exact
            ? Command(
                connection, transaction,
                "SELECT EXISTS (SELECT 1 FROM quota_references WHERE project_id = @pid AND digest = @digest AND repository = @repository AND kind = @kind);",
                P("pid", projectId), P("digest", reference.Digest), P("repository", reference.Repository), P("kind", (int)reference.Kind))
            : Command(
                connection, transaction,
                "SELECT EXISTS (SELECT 1 FROM quota_references WHERE project_id = @pid AND digest = @digest);",
                P("pid", projectId), P("digest", reference.Digest));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
