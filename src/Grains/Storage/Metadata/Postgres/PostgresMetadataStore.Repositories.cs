using ArtifactKeeper.Registry;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

public sealed partial class PostgresMetadataStore
{
    private const string LockRepositorySql = "SELECT 1 FROM repositories WHERE name = @repository FOR UPDATE;";

    /// <remarks>
    /// Manifests come back oldest push first; references as a set (duplicates collapse), ordered by
    /// kind then digest; tags by name. The three queries travel as one batch in one snapshot.
    /// </remarks>
    public Task<RepositorySnapshot> LoadRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var batch = Batch(
                    connection,
                    transaction,
                    Statement(
                        """
                        SELECT manifest_digest, target_digest, kind FROM manifest_references
                        WHERE repository = @repository ORDER BY manifest_digest, kind, target_digest;
                        """,
                        P("repository", repository)),
                    Statement(
                        """
                        SELECT digest, media_type, artifact_type, size, subject, content, annotations, pushed_at
                        FROM manifests WHERE repository = @repository ORDER BY pushed_at, digest;
                        """,
                        P("repository", repository)),
                    Statement(
                        "SELECT name, digest, pushed_at FROM tags WHERE repository = @repository ORDER BY name;",
                        P("repository", repository)));
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

                var references = new Dictionary<string, List<ManifestReference>>(StringComparer.Ordinal);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var manifest = reader.GetString(0);
                    if (!references.TryGetValue(manifest, out var list))
                    {
                        list = [];
                        references.Add(manifest, list);
                    }

                    list.Add(new ManifestReference(reader.GetString(1), (ReferenceKind)reader.GetInt32(2)));
                }

                await reader.NextResultAsync(cancellationToken);
                var manifests = new List<ManifestRecord>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    var digest = reader.GetString(0);
                    manifests.Add(new ManifestRecord(
                        repository,
                        digest,
                        reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.GetInt64(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.GetFieldValue<byte[]>(5),
                        references.TryGetValue(digest, out var refs) ? refs : [],
                        reader.IsDBNull(6) ? null : FromJson(reader.GetString(6)),
                        FromUnixMs(reader.GetInt64(7))));
                }

                await reader.NextResultAsync(cancellationToken);
                var tags = new List<TagRecord>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    tags.Add(new TagRecord(reader.GetString(0), reader.GetString(1), FromUnixMs(reader.GetInt64(2))));
                }

                return new RepositorySnapshot(manifests, tags);
            },
            cancellationToken);
    }

    /// <remarks>
    /// A re-put of a stored digest keeps the first row (content is the digest's preimage, so it is
    /// the same) and only moves the tag: the references are inserted only for the manifest row the
    /// same statement inserted. The repository upsert comes first, locking its row.
    /// </remarks>
    public Task PutManifestAsync(ManifestRecord manifest, string? tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(manifest.Repository);
        ArgumentException.ThrowIfNullOrEmpty(manifest.Digest);
        var pushedAt = ToUnixMs(manifest.PushedAt);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var statements = new List<NpgsqlBatchCommand>
                {
                    Statement(
                        """
                        INSERT INTO repositories (name, project, creation_time, update_time)
                        VALUES (@name, @project, @at, @at)
                        ON CONFLICT (name) DO UPDATE SET update_time = GREATEST(repositories.update_time, excluded.update_time);
                        """,
                        P("name", manifest.Repository),
                        P("project", RegistryKeys.ProjectOf(manifest.Repository)),
                        P("at", pushedAt)),
                    Statement(
                        """
                        WITH inserted AS (
                            INSERT INTO manifests (repository, digest, media_type, artifact_type, size, subject, content, annotations, pushed_at)
                            VALUES (@repository, @digest, @mediaType, @artifactType, @size, @subject, @content, @annotations, @pushedAt)
                            ON CONFLICT (repository, digest) DO NOTHING
                            RETURNING repository, digest)
                        INSERT INTO manifest_references (repository, manifest_digest, target_digest, kind)
                        SELECT inserted.repository, inserted.digest, r.target, r.kind
                        FROM inserted CROSS JOIN unnest(@targets::text[], @kinds::integer[]) AS r (target, kind)
                        ON CONFLICT DO NOTHING;
                        """,
                        P("repository", manifest.Repository),
                        P("digest", manifest.Digest),
                        P("mediaType", manifest.MediaType),
                        P("artifactType", manifest.ArtifactType),
                        P("size", manifest.Size),
                        P("subject", manifest.Subject),
                        P("content", manifest.Content),
                        Json("annotations", manifest.Annotations),
                        P("pushedAt", pushedAt),
                        P("targets", manifest.References.Select(r => r.Digest).ToArray()),
                        P("kinds", manifest.References.Select(r => (int)r.Kind).ToArray())),
                };
                if (tag is not null)
                {
                    statements.Add(Statement(
                        """
                        INSERT INTO tags (repository, name, digest, pushed_at)
                        VALUES (@repository, @name, @digest, @pushedAt)
                        ON CONFLICT (repository, name) DO UPDATE SET digest = excluded.digest, pushed_at = excluded.pushed_at;
                        """,
                        P("repository", manifest.Repository),
                        P("name", tag),
                        P("digest", manifest.Digest),
                        P("pushedAt", pushedAt)));
                }

                await using var batch = Batch(connection, transaction, [.. statements]);
                await batch.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    public Task DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return WriteAsync(
            async (connection, transaction) =>
            {
                // Explicit rather than relying on ON DELETE CASCADE, so the statement list reads the same in every dialect.
                await using var batch = Batch(
                    connection,
                    transaction,
                    Statement(LockRepositorySql, P("repository", repository)),
                    Statement("DELETE FROM tags WHERE repository = @repository AND digest = @digest;", P("repository", repository), P("digest", digest)),
                    Statement("DELETE FROM manifest_references WHERE repository = @repository AND manifest_digest = @digest;", P("repository", repository), P("digest", digest)),
                    Statement("DELETE FROM manifests WHERE repository = @repository AND digest = @digest;", P("repository", repository), P("digest", digest)));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    public Task DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return ExecuteAsync(
            "DELETE FROM tags WHERE repository = @repository AND name = @name;",
            cancellationToken,
            P("repository", repository),
            P("name", tag));
    }

    /// <remarks>The name column is <c>COLLATE "C"</c>: UTF-8 byte order, as SQLite's BINARY, whatever the database locale.</remarks>
    public async Task<IReadOnlyList<string>> ListRepositoriesAsync(string? last, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return last is null
            ? await QueryAsync("SELECT name FROM repositories ORDER BY name LIMIT @limit;", r => r.GetString(0), cancellationToken, P("limit", limit))
            : await QueryAsync(
                "SELECT name FROM repositories WHERE name > @last ORDER BY name LIMIT @limit;",
                r => r.GetString(0),
                cancellationToken,
                P("last", last),
                P("limit", limit));
    }

    public async Task<long> CountRepositoriesAsync(string project, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var counts = await QueryAsync(
            "SELECT COUNT(*) FROM repositories WHERE project = @project;",
            r => r.GetInt64(0),
            cancellationToken,
            P("project", project));
        return counts[0];
    }
}
