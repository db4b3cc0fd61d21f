using ArtifactKeeper.Registry;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    /// <remarks>
    /// Manifests come back oldest push first; references as a set (duplicates collapse), ordered by
    /// kind then digest; tags by name.
    /// </remarks>
    public Task<RepositorySnapshot> LoadRepositoryAsync(string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return ReadAsync(
            async (connection, transaction) =>
            {
                var references = await LoadReferencesAsync(connection, transaction, repository, cancellationToken);
                var manifests = new List<ManifestRecord>();
                await using (var command = Command(
                    connection,
                    transaction,
                    """
                    SELECT digest, media_type, artifact_type, size, subject, content, annotations, pushed_at
                    FROM manifests WHERE repository = $repository ORDER BY pushed_at, digest;
                    """,
                    ("$repository", repository)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
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
                }

                var tags = new List<TagRecord>();
                await using (var command = Command(
                    connection,
                    transaction,
                    "SELECT name, digest, pushed_at FROM tags WHERE repository = $repository ORDER BY name;",
                    ("$repository", repository)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        tags.Add(new TagRecord(reader.GetString(0), reader.GetString(1), FromUnixMs(reader.GetInt64(2))));
                    }
                }

                return new RepositorySnapshot(manifests, tags);
            },
            cancellationToken);
    }

    /// <remarks>
    /// A re-put of a stored digest keeps the first row (content is the digest's preimage, so it is
    /// the same) and only moves the tag.
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
                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO repositories (name, project, creation_time, update_time)
                    VALUES ($name, $project, $at, $at)
                    ON CONFLICT (name) DO UPDATE SET update_time = MAX(update_time, excluded.update_time);
                    """,
                    cancellationToken,
                    ("$name", manifest.Repository),
                    ("$project", RegistryKeys.ProjectOf(manifest.Repository)),
                    ("$at", pushedAt));

                var inserted = await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO manifests (repository, digest, media_type, artifact_type, size, subject, content, annotations, pushed_at)
                    VALUES ($repository, $digest, $mediaType, $artifactType, $size, $subject, $content, $annotations, $pushedAt)
                    ON CONFLICT (repository, digest) DO NOTHING;
                    """,
                    cancellationToken,
                    ("$repository", manifest.Repository),
                    ("$digest", manifest.Digest),
                    ("$mediaType", manifest.MediaType),
                    ("$artifactType", manifest.ArtifactType),
                    ("$size", manifest.Size),
                    ("$subject", manifest.Subject),
                    ("$content", manifest.Content),
                    ("$annotations", manifest.Annotations is null ? null : ToJson(manifest.Annotations)),
                    ("$pushedAt", pushedAt));

                if (inserted > 0)
                {
                    foreach (var reference in manifest.References)
                    {
                        await ExecuteAsync(
                            connection,
                            transaction,
                            """
                            INSERT INTO manifest_references (repository, manifest_digest, target_digest, kind)
                            VALUES ($repository, $manifest, $target, $kind)
                            ON CONFLICT DO NOTHING;
                            """,
                            cancellationToken,
                            ("$repository", manifest.Repository),
                            ("$manifest", manifest.Digest),
                            ("$target", reference.Digest),
                            ("$kind", (int)reference.Kind));
                    }
                }

                if (tag is not null)
                {
                    await ExecuteAsync(
                        connection,
                        transaction,
                        """
                        INSERT INTO tags (repository, name, digest, pushed_at)
                        VALUES ($repository, $name, $digest, $pushedAt)
                        ON CONFLICT (repository, name) DO UPDATE SET digest = excluded.digest, pushed_at = excluded.pushed_at;
                        """,
                        cancellationToken,
                        ("$repository", manifest.Repository),
                        ("$name", tag),
                        ("$digest", manifest.Digest),
                        ("$pushedAt", pushedAt));
                }
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
                (string, object?)[] key = [("$repository", repository), ("$digest", digest)];
                await ExecuteAsync(connection, transaction, "DELETE FROM tags WHERE repository = $repository AND digest = $digest;", cancellationToken, key);
                await ExecuteAsync(connection, transaction, "DELETE FROM manifest_references WHERE repository = $repository AND manifest_digest = $digest;", cancellationToken, key);
                await ExecuteAsync(connection, transaction, "DELETE FROM manifests WHERE repository = $repository AND digest = $digest;", cancellationToken, key);
            },
            cancellationToken);
    }

    public Task DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return WriteAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM tags WHERE repository = $repository AND name = $name;",
                cancellationToken,
                ("$repository", repository),
                ("$name", tag)),
            cancellationToken);
    }

    /// <remarks>SQLite's BINARY collation orders UTF-8 bytes, which matches ordinal order for repository names.</remarks>
    public Task<IReadOnlyList<string>> ListRepositoriesAsync(string? last, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<string>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    "SELECT name FROM repositories WHERE $last IS NULL OR name > $last ORDER BY name LIMIT $limit;",
                    ("$last", last),
                    ("$limit", limit));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var names = new List<string>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    names.Add(reader.GetString(0));
                }

                return names;
            },
            cancellationToken);
    }

    public Task<long> CountRepositoriesAsync(string project, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, "SELECT COUNT(*) FROM repositories WHERE project = $project;", ("$project", project));
                return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            },
            cancellationToken);
    }

    private static async Task<Dictionary<string, List<ManifestReference>>> LoadReferencesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string repository, CancellationToken cancellationToken)
    {
        var references = new Dictionary<string, List<ManifestReference>>(StringComparer.Ordinal);
        await using var command = Command(
            connection,
            transaction,
            """
            SELECT manifest_digest, target_digest, kind FROM manifest_references
            WHERE repository = $repository ORDER BY manifest_digest, kind, target_digest;
            """,
            ("$repository", repository));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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

        return references;
    }
}
