using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Retention's batched deletions (<see cref="IRepositoryBatchMetadata"/>, <see cref="IQuotaBatchMetadata"/>): one transaction each, set-based.</summary>
public sealed partial class PostgresMetadataStore : IRepositoryBatchMetadata, IQuotaBatchMetadata
{
    public Task DeleteTagsAndManifestsAsync(string repository, IReadOnlyCollection<string> tags, IReadOnlyCollection<string> manifests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(manifests);
        if (tags.Count == 0 && manifests.Count == 0)
        {
            return Task.CompletedTask;
        }

        var names = tags.ToArray();
        var digests = manifests.ToArray();
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var batch = Batch(
                    connection,
                    transaction,
                    Statement(LockRepositorySql, P("repository", repository)),
                    Statement("DELETE FROM tags WHERE repository = @repository AND name = ANY(@names);", P("repository", repository), P("names", names)),
                    Statement("DELETE FROM tags WHERE repository = @repository AND digest = ANY(@digests);", P("repository", repository), P("digests", digests)),
                    Statement(
                        "DELETE FROM manifest_references WHERE repository = @repository AND manifest_digest = ANY(@digests);",
                        P("repository", repository), P("digests", digests)),
                    Statement("DELETE FROM manifests WHERE repository = @repository AND digest = ANY(@digests);", P("repository", repository), P("digests", digests)));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    public Task<QuotaBatchReleaseOutcome> ReleaseQuotaManyAsync(string project, IReadOnlyList<QuotaReference> references, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(references);
        foreach (var reference in references)
        {
            ArgumentNullException.ThrowIfNull(reference);
        }

        return WriteAsync(
            async (connection, transaction) =>
            {
                var quota = await LockProjectQuotaAsync(connection, transaction, project, cancellationToken);
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
                    DELETE FROM quota_references AS q
                    USING unnest(@digests, @repositories, @kinds) AS r(digest, repository, kind)
                    WHERE q.project_id = @pid AND q.digest = r.digest AND q.repository = r.repository AND q.kind = r.kind
                    RETURNING q.digest, q.size;
                    """,
                    P("pid", quota.ProjectId),
                    P("digests", references.Select(r => r.Digest).ToArray()),
                    P("repositories", references.Select(r => r.Repository).ToArray()),
                    P("kinds", references.Select(r => (int)r.Kind).ToArray())))
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
                    connection, transaction, "SELECT DISTINCT digest FROM quota_references WHERE project_id = @pid AND digest = ANY(@digests);",
                    P("pid", quota.ProjectId), P("digests", sizes.Keys.ToArray())))
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
                    connection, transaction, "UPDATE quotas SET used_storage = @used, update_time = @at WHERE id = @id;", cancellationToken,
                    P("used", used), P("at", ToUnixMs(at)), P("id", quota.Id));
                return new QuotaBatchReleaseOutcome(removed, freed, quota with { Used = used, UpdateTime = at });
            },
            cancellationToken);
    }
}
