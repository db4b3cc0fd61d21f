using System.Text.Json;
using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Retention's batched deletions (<see cref="IRepositoryBatchMetadata"/>, <see cref="IQuotaBatchMetadata"/>): one write each.</summary>
public sealed partial class SqliteMetadataStore : IRepositoryBatchMetadata, IQuotaBatchMetadata
{
    /// <remarks>Set-based: the names and digests travel as JSON arrays, four statements in all.</remarks>
    public Task DeleteTagsAndManifestsAsync(string repository, IReadOnlyCollection<string> tags, IReadOnlyCollection<string> manifests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(manifests);
        if (tags.Count == 0 && manifests.Count == 0)
        {
            return Task.CompletedTask;
        }

        (string, object?)[] names = [("$repository", repository), ("$keys", JsonSerializer.Serialize(tags))];
        (string, object?)[] digests = [("$repository", repository), ("$keys", JsonSerializer.Serialize(manifests))];
        return WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteAsync(connection, transaction, "DELETE FROM tags WHERE repository = $repository AND name IN (SELECT value FROM json_each($keys));", cancellationToken, names);
                await ExecuteAsync(connection, transaction, "DELETE FROM tags WHERE repository = $repository AND digest IN (SELECT value FROM json_each($keys));", cancellationToken, digests);
                await ExecuteAsync(
                    connection,
                    transaction,
                    "DELETE FROM manifest_references WHERE repository = $repository AND manifest_digest IN (SELECT value FROM json_each($keys));",
                    cancellationToken,
                    digests);
                await ExecuteAsync(connection, transaction, "DELETE FROM manifests WHERE repository = $repository AND digest IN (SELECT value FROM json_each($keys));", cancellationToken, digests);
            },
            cancellationToken);
    }

    /// <remarks>Set-based: the references travel as one JSON array of <c>[digest, repository, kind]</c>.</remarks>
    public Task<QuotaBatchReleaseOutcome> ReleaseQuotaManyAsync(string project, IReadOnlyList<QuotaReference> references, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(references);
        var keys = JsonSerializer.Serialize(references.Select(r =>
        {
            ArgumentNullException.ThrowIfNull(r);
            return new object[] { r.Digest, r.Repository, (int)r.Kind };
        }));
        return WriteAsync(
            async (connection, transaction) =>
            {
                var quota = await FindProjectQuotaAsync(connection, transaction, project, cancellationToken);
                if (quota is null || references.Count == 0)
                {
                    return new QuotaBatchReleaseOutcome(0, 0, quota);
                }

                var removed = 0;
                var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
                await using (var delete = Command(
                    connection,
                    transaction,
                    """
                    DELETE FROM quota_references
                    WHERE project_id = $pid AND (digest, repository, kind) IN (
                        SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each($keys))
                    RETURNING digest, size;
                    """,
                    ("$pid", quota.ProjectId), ("$keys", keys)))
                await using (var reader = await delete.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        removed++;
                        sizes[reader.GetString(0)] = reader.GetInt64(1);
                    }
                }

                // A digest's bytes are freed once, when no reference in the project holds it any more.
                var stillHeld = new HashSet<string>(StringComparer.Ordinal);
                await using (var held = Command(
                    connection,
                    transaction,
                    "SELECT DISTINCT digest FROM quota_references WHERE project_id = $pid AND digest IN (SELECT value FROM json_each($digests));",
                    ("$pid", quota.ProjectId), ("$digests", JsonSerializer.Serialize(sizes.Keys))))
                await using (var reader = await held.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        stillHeld.Add(reader.GetString(0));
                    }
                }

                var freed = sizes.Where(s => !stillHeld.Contains(s.Key)).Sum(s => s.Value);
                if (freed == 0)
                {
                    return new QuotaBatchReleaseOutcome(removed, 0, quota);
                }

                var used = Math.Max(quota.Used - freed, 0);
                await ExecuteAsync(
                    connection, transaction, "UPDATE quotas SET used_storage = $used, update_time = $at WHERE id = $id;", cancellationToken,
                    ("$used", used), ("$at", ToUnixMs(at)), ("$id", quota.Id));
                return new QuotaBatchReleaseOutcome(removed, freed, quota with { Used = used, UpdateTime = at });
            },
            cancellationToken);
    }
}
