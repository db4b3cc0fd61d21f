using ArtifactKeeper.Projects;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Retention's batched deletions (<see cref="IRepositoryBatchMetadata"/>, <see cref="IQuotaBatchMetadata"/>): one write each.</summary>
public sealed partial class SqliteMetadataStore : IRepositoryBatchMetadata, IQuotaBatchMetadata
{
    /// <remarks>Each statement is prepared once and run per name or digest inside the one write transaction.</remarks>
    public Task DeleteTagsAndManifestsAsync(string repository, IReadOnlyCollection<string> tags, IReadOnlyCollection<string> manifests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(manifests);
        if (tags.Count == 0 && manifests.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteForEachAsync(connection, transaction, "DELETE FROM tags WHERE repository = $repository AND name = $key;", repository, tags, cancellationToken);
                await ExecuteForEachAsync(connection, transaction, "DELETE FROM tags WHERE repository = $repository AND digest = $key;", repository, manifests, cancellationToken);
                await ExecuteForEachAsync(
                    connection, transaction, "DELETE FROM manifest_references WHERE repository = $repository AND manifest_digest = $key;", repository, manifests, cancellationToken);
                await ExecuteForEachAsync(connection, transaction, "DELETE FROM manifests WHERE repository = $repository AND digest = $key;", repository, manifests, cancellationToken);
            },
            cancellationToken);
    }

    public Task<QuotaBatchReleaseOutcome> ReleaseQuotaManyAsync(string project, IReadOnlyList<QuotaReference> references, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(references);
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
                    WHERE project_id = $pid AND digest = $digest AND repository = $repository AND kind = $kind
                    RETURNING size;
                    """,
                    ("$pid", quota.ProjectId), ("$digest", string.Empty), ("$repository", string.Empty), ("$kind", 0)))
                {
                    foreach (var reference in references)
                    {
                        ArgumentNullException.ThrowIfNull(reference);
                        delete.Parameters["$digest"].Value = reference.Digest;
                        delete.Parameters["$repository"].Value = reference.Repository;
                        delete.Parameters["$kind"].Value = (int)reference.Kind;
                        if (await delete.ExecuteScalarAsync(cancellationToken) is long size)
                        {
                            removed++;
                            sizes[reference.Digest] = size;
                        }
                    }
                }

                // A digest's bytes are freed once, when no reference in the project holds it any more.
                long freed = 0;
                await using (var held = Command(
                    connection, transaction, "SELECT EXISTS (SELECT 1 FROM quota_references WHERE project_id = $pid AND digest = $digest);",
                    ("$pid", quota.ProjectId), ("$digest", string.Empty)))
                {
                    foreach (var (digest, size) in sizes)
                    {
                        held.Parameters["$digest"].Value = digest;
                        if ((long)(await held.ExecuteScalarAsync(cancellationToken))! == 0)
                        {
                            freed += size;
                        }
                    }
                }

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

    private static async Task ExecuteForEachAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, string repository, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, ("$repository", repository), ("$key", string.Empty));
        foreach (var key in keys)
        {
            command.Parameters["$key"].Value = key;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
