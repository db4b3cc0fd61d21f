using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;
using NpgsqlTypes;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>
/// Labels and the labels of artifacts. A global label has no project (NULL); deleting a project removes its labels,
/// deleting a label or a manifest removes the links, all by cascade.
/// </summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly LabelListSql LabelList = new('@');
    private static readonly string LabelReturning = LabelListSql.Columns.Replace("l.", string.Empty, StringComparison.Ordinal);

    public async Task<LabelRecord?> TryCreateLabelAsync(LabelRecord label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        var rows = await QueryAsync(
            $"""
            INSERT INTO labels (name, description, color, scope, project_id, creation_time, update_time)
            VALUES (@name, @description, @color, @scope, @project, @created, @updated)
            ON CONFLICT DO NOTHING
            RETURNING {LabelReturning};
            """,
            r => LabelRows.Read(r, 0),
            cancellationToken,
            P("name", label.Name),
            P("description", label.Description),
            P("color", label.Color),
            P("scope", label.Scope),
            P<long?>("project", label.ProjectId == 0 ? null : label.ProjectId),
            P("created", ToUnixMs(label.CreationTime)),
            P("updated", ToUnixMs(label.UpdateTime)));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<LabelRecord?> GetLabelAsync(long labelId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {LabelReturning} FROM labels WHERE id = @id;", r => LabelRows.Read(r, 0), cancellationToken, P("id", labelId));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <remarks>The check covers the usual case; a concurrent rename to the same name is caught by the unique index.</remarks>
    public async Task<LabelChange> TryUpdateLabelAsync(long labelId, string name, string description, string color, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(color);
        try
        {
            return await WriteAsync(
                async (connection, transaction) =>
                {
                    await using (var find = Command(connection, transaction, "SELECT 1 FROM labels WHERE id = @id FOR UPDATE;", P("id", labelId)))
                    {
                        if (await find.ExecuteScalarAsync(cancellationToken) is null)
                        {
                            return LabelChange.NotFound;
                        }
                    }

                    var changed = await ExecuteAsync(
                        connection,
                        transaction,
                        """
                        UPDATE labels SET name = @name, description = @description, color = @color, update_time = @at
                        WHERE id = @id AND NOT EXISTS (
                            SELECT 1 FROM labels o, labels l
                            WHERE l.id = @id AND o.id <> @id AND o.scope = l.scope AND COALESCE(o.project_id, 0) = COALESCE(l.project_id, 0) AND o.name = @name);
                        """,
                        cancellationToken,
                        P("id", labelId),
                        P("name", name),
                        P("description", description),
                        P("color", color),
                        P("at", ToUnixMs(at)));
                    return changed > 0 ? LabelChange.Changed : LabelChange.Duplicate;
                },
                cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return LabelChange.Duplicate;
        }
    }

    public async Task<bool> DeleteLabelAsync(long labelId, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM labels WHERE id = @id;", cancellationToken, P("id", labelId)) > 0;

    public Task<ListPage<LabelRecord>> ListLabelsAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = LabelList.Build(query);
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<LabelRecord>();
                await using var command = Command(connection, transaction, select, Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(LabelRows.Read(reader, 0));
                }

                return new ListPage<LabelRecord>(items, total);
            },
            cancellationToken);
    }

    /// <remarks>The label and manifest rows are key-share locked, so neither can be deleted between the checks and the insert.</remarks>
    public Task<ArtifactLabelChange> TryAddArtifactLabelAsync(string repository, string digest, long labelId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var label = Command(connection, transaction, "SELECT 1 FROM labels WHERE id = @id FOR KEY SHARE;", P("id", labelId)))
                {
                    if (await label.ExecuteScalarAsync(cancellationToken) is null)
                    {
                        return ArtifactLabelChange.LabelNotFound;
                    }
                }

                await using (var manifest = Command(
                    connection, transaction, "SELECT 1 FROM manifests WHERE repository = @repository AND digest = @digest FOR KEY SHARE;",
                    P("repository", repository), P("digest", digest)))
                {
                    if (await manifest.ExecuteScalarAsync(cancellationToken) is null)
                    {
                        return ArtifactLabelChange.ArtifactNotFound;
                    }
                }

                var added = await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO artifact_labels (repository, manifest_digest, label_id, creation_time) VALUES (@repository, @digest, @id, @at)
                    ON CONFLICT DO NOTHING;
                    """,
                    cancellationToken,
                    P("repository", repository),
                    P("digest", digest),
                    P("id", labelId),
                    P("at", ToUnixMs(at)));
                return added > 0 ? ArtifactLabelChange.Added : ArtifactLabelChange.AlreadyAdded;
            },
            cancellationToken);
    }

    public async Task<bool> RemoveArtifactLabelAsync(string repository, string digest, long labelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return await ExecuteAsync(
            "DELETE FROM artifact_labels WHERE repository = @repository AND manifest_digest = @digest AND label_id = @id;",
            cancellationToken,
            P("repository", repository),
            P("digest", digest),
            P("id", labelId)) > 0;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LabelRecord>>> ListArtifactLabelsAsync(
        string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(digests);
        var result = new Dictionary<string, IReadOnlyList<LabelRecord>>(StringComparer.Ordinal);
        if (digests.Count == 0)
        {
            return result;
        }

        var rows = await QueryAsync(
            $"""
            SELECT a.manifest_digest, {LabelListSql.Columns} FROM artifact_labels a JOIN labels l ON l.id = a.label_id
            WHERE a.repository = @repository AND a.manifest_digest = ANY (@digests)
            ORDER BY a.manifest_digest, l.id;
            """,
            r => (Digest: r.GetString(0), Label: LabelRows.Read(r, 1)),
            cancellationToken,
            P("repository", repository),
            new NpgsqlParameter<string[]>("digests", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = digests.Distinct(StringComparer.Ordinal).ToArray() });
        foreach (var group in rows.GroupBy(r => r.Digest, StringComparer.Ordinal))
        {
            result[group.Key] = group.Select(r => r.Label).ToList();
        }

        return result;
    }

    public async Task<IReadOnlyList<string>> FindDigestsWithLabelsAsync(
        string repository, IReadOnlyCollection<long> labelIds, bool matchAll, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(labelIds);
        var distinct = labelIds.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            return [];
        }

        var having = matchAll ? " HAVING COUNT(DISTINCT label_id) = @count" : string.Empty;
        var parameters = new List<NpgsqlParameter>
        {
            P("repository", repository),
            new NpgsqlParameter<long[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = distinct },
        };
        if (matchAll)
        {
            parameters.Add(P("count", (long)distinct.Length));
        }

        return await QueryAsync(
            $"""
            SELECT manifest_digest FROM artifact_labels
            WHERE repository = @repository AND label_id = ANY (@ids)
            GROUP BY manifest_digest{having}
            ORDER BY manifest_digest;
            """,
            r => r.GetString(0),
            cancellationToken,
            [.. parameters]);
    }
}
