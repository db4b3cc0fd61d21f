using System.Data.Common;
using System.Globalization;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>
/// Labels and the labels of artifacts. A global label has no project (NULL); deleting a project removes its labels,
/// deleting a label or a manifest removes the links, all by cascade.
/// </summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly LabelListSql LabelList = new('$');

    private static readonly string LabelColumns = LabelListSql.Columns.Replace("l.", string.Empty, StringComparison.Ordinal);

    public Task<LabelRecord?> TryCreateLabelAsync(LabelRecord label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        return WriteAsync<LabelRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO labels (name, description, color, scope, project_id, creation_time, update_time)
                    VALUES ($name, $description, $color, $scope, $project, $created, $updated)
                    ON CONFLICT DO NOTHING
                    RETURNING {LabelColumns};
                    """,
                    ("$name", label.Name),
                    ("$description", label.Description),
                    ("$color", label.Color),
                    ("$scope", label.Scope),
                    ("$project", label.ProjectId == 0 ? null : label.ProjectId),
                    ("$created", ToUnixMs(label.CreationTime)),
                    ("$updated", ToUnixMs(label.UpdateTime)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? LabelRows.Read(reader, 0) : null;
            },
            cancellationToken);
    }

    public Task<LabelRecord?> GetLabelAsync(long labelId, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, $"SELECT {LabelColumns} FROM labels WHERE id = $id;", ("$id", labelId));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? LabelRows.Read(reader, 0) : null;
            },
            cancellationToken);

    public Task<LabelChange> TryUpdateLabelAsync(long labelId, string name, string description, string color, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(color);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var find = Command(connection, transaction, "SELECT 1 FROM labels WHERE id = $id;", ("$id", labelId)))
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
                    UPDATE labels SET name = $name, description = $description, color = $color, update_time = $at
                    WHERE id = $id AND NOT EXISTS (
                        SELECT 1 FROM labels o, labels l
                        WHERE l.id = $id AND o.id <> $id AND o.scope = l.scope AND COALESCE(o.project_id, 0) = COALESCE(l.project_id, 0) AND o.name = $name);
                    """,
                    cancellationToken,
                    ("$id", labelId),
                    ("$name", name),
                    ("$description", description),
                    ("$color", color),
                    ("$at", ToUnixMs(at)));
                return changed > 0 ? LabelChange.Changed : LabelChange.Duplicate;
            },
            cancellationToken);
    }

    public Task<bool> DeleteLabelAsync(long labelId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
                await ExecuteAsync(connection, transaction, "DELETE FROM labels WHERE id = $id;", cancellationToken, ("$id", labelId)) > 0,
            cancellationToken);

    public Task<ListPage<LabelRecord>> ListLabelsAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = LabelList.Build(query);
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<LabelRecord>();
                await using var command = Command(connection, transaction, select, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(LabelRows.Read(reader, 0));
                }

                return new ListPage<LabelRecord>(items, total);
            },
            cancellationToken);
    }

    public Task<ArtifactLabelChange> TryAddArtifactLabelAsync(string repository, string digest, long labelId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var label = Command(connection, transaction, "SELECT 1 FROM labels WHERE id = $id;", ("$id", labelId)))
                {
                    if (await label.ExecuteScalarAsync(cancellationToken) is null)
                    {
                        return ArtifactLabelChange.LabelNotFound;
                    }
                }

                await using (var manifest = Command(
                    connection, transaction, "SELECT 1 FROM manifests WHERE repository = $repository AND digest = $digest;", ("$repository", repository), ("$digest", digest)))
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
                    INSERT INTO artifact_labels (repository, manifest_digest, label_id, creation_time) VALUES ($repository, $digest, $id, $at)
                    ON CONFLICT DO NOTHING;
                    """,
                    cancellationToken,
                    ("$repository", repository),
                    ("$digest", digest),
                    ("$id", labelId),
                    ("$at", ToUnixMs(at)));
                return added > 0 ? ArtifactLabelChange.Added : ArtifactLabelChange.AlreadyAdded;
            },
            cancellationToken);
    }

    public Task<bool> RemoveArtifactLabelAsync(string repository, string digest, long labelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM artifact_labels WHERE repository = $repository AND manifest_digest = $digest AND label_id = $id;",
                cancellationToken,
                ("$repository", repository),
                ("$digest", digest),
                ("$id", labelId)) > 0,
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<LabelRecord>>> ListArtifactLabelsAsync(
        string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(digests);
        var distinct = digests.Distinct(StringComparer.Ordinal).ToList();
        var parameters = new List<(string Name, object? Value)> { ("$repository", repository) };
        parameters.AddRange(distinct.Select((d, i) => ("$d" + i.ToString(CultureInfo.InvariantCulture), (object?)d)));
        var inList = string.Join(", ", parameters.Skip(1).Select(p => p.Name));
        return ReadAsync<IReadOnlyDictionary<string, IReadOnlyList<LabelRecord>>>(
            async (connection, transaction) =>
            {
                var result = new Dictionary<string, IReadOnlyList<LabelRecord>>(StringComparer.Ordinal);
                if (distinct.Count == 0)
                {
                    return result;
                }

                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    SELECT a.manifest_digest, {LabelListSql.Columns} FROM artifact_labels a JOIN labels l ON l.id = a.label_id
                    WHERE a.repository = $repository AND a.manifest_digest IN ({inList})
                    ORDER BY a.manifest_digest, l.id;
                    """,
                    [.. parameters]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var digest = reader.GetString(0);
                    if (!result.TryGetValue(digest, out var labels))
                    {
                        labels = new List<LabelRecord>();
                        result[digest] = labels;
                    }

                    ((List<LabelRecord>)labels).Add(LabelRows.Read(reader, 1));
                }

                return result;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> FindDigestsWithLabelsAsync(
        string repository, IReadOnlyCollection<long> labelIds, bool matchAll, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(labelIds);
        var distinct = labelIds.Distinct().ToList();
        var parameters = new List<(string Name, object? Value)> { ("$repository", repository), ("$count", (long)distinct.Count) };
        parameters.AddRange(distinct.Select((id, i) => ("$l" + i.ToString(CultureInfo.InvariantCulture), (object?)id)));
        var inList = string.Join(", ", parameters.Skip(2).Select(p => p.Name));
        var having = matchAll ? " HAVING COUNT(DISTINCT label_id) = $count" : string.Empty;
        return ReadAsync<IReadOnlyList<string>>(
            async (connection, transaction) =>
            {
                var digests = new List<string>();
                if (distinct.Count == 0)
                {
                    return digests;
                }

                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    SELECT manifest_digest FROM artifact_labels
                    WHERE repository = $repository AND label_id IN ({inList})
                    GROUP BY manifest_digest{having}
                    ORDER BY manifest_digest;
                    """,
                    [.. parameters]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    digests.Add(reader.GetString(0));
                }

                return digests;
            },
            cancellationToken);
    }
}
