using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Harbor's repository, artifact and tag listings.</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly ArtifactListSql ArtifactList = new(
        '@', "(convert_from(m.content, 'UTF8')::jsonb -> 'config' ->> 'mediaType')", "(p.metadata ->> 'public')");

    public Task<ListPage<RepositoryListing>> ListRepositoryPageAsync(RepositoryListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, count, parameters) = ArtifactList.Repositories(query);
        return PageAsync(select, count, parameters, ArtifactRows.ReadRepository, cancellationToken);
    }

    public async Task<RepositoryListing?> GetRepositoryListingAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var rows = await QueryAsync(
            $"SELECT {ArtifactListSql.RepositoryColumns}{ArtifactListSql.RepositoryFrom} WHERE r.name = @name;",
            ArtifactRows.ReadRepository,
            cancellationToken,
            P("name", name));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> UpdateRepositoryDescriptionAsync(string name, string description, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        return await ExecuteAsync(
            "UPDATE repositories SET description = @description, update_time = @at WHERE name = @name;",
            cancellationToken,
            P("name", name),
            P("description", description),
            P("at", ToUnixMs(at))) > 0;
    }

    public Task<ListPage<ArtifactRow>> ListArtifactsAsync(ArtifactListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, count, parameters) = ArtifactList.Artifacts(query);
        return PageAsync(select, count, parameters, ArtifactRows.ReadArtifact, cancellationToken);
    }

    public async Task<ArtifactRow?> FindArtifactAsync(string repository, string reference, bool isDigest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var digest = isDigest ? "@reference" : "(SELECT t.digest FROM tags t WHERE t.repository = @repository AND t.name = @reference)";
        var rows = await QueryAsync(
            $"SELECT {ArtifactListSql.ArtifactColumns}{ArtifactListSql.ArtifactFrom} WHERE m.repository = @repository AND m.digest = {digest};",
            ArtifactRows.ReadArtifact,
            cancellationToken,
            P("repository", repository),
            P("reference", reference));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<ArtifactRow>> FindArtifactsAsync(string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(digests);
        return digests.Count == 0
            ? []
            : await QueryAsync(
                $"SELECT {ArtifactListSql.ArtifactColumns}{ArtifactListSql.ArtifactFrom} WHERE m.repository = @repository AND m.digest = ANY(@digests) ORDER BY m.pushed_at, m.artifact_id;",
                ArtifactRows.ReadArtifact,
                cancellationToken,
                P("repository", repository),
                P("digests", digests.ToArray()));
    }

    public async Task<IReadOnlyList<ArtifactRow>> ListAccessoryArtifactsAsync(
        string repository, string subjectDigest, IReadOnlyCollection<string> fallbackTags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(subjectDigest);
        ArgumentNullException.ThrowIfNull(fallbackTags);
        return await QueryAsync(
            $"""
            SELECT {ArtifactListSql.ArtifactColumns}{ArtifactListSql.ArtifactFrom}
            WHERE m.repository = @repository
              AND (m.subject = @subject OR m.digest IN (SELECT t.digest FROM tags t WHERE t.repository = @repository AND t.name = ANY(@tags)))
            ORDER BY m.pushed_at, m.artifact_id;
            """,
            ArtifactRows.ReadArtifact,
            cancellationToken,
            P("repository", repository),
            P("subject", subjectDigest),
            P("tags", fallbackTags.ToArray()));
    }

    public async Task<IReadOnlyList<ArtifactTagRow>> ListTagsOfAsync(string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(digests);
        return digests.Count == 0
            ? []
            : await QueryAsync(
                $"SELECT {ArtifactListSql.TagColumns} FROM tags t WHERE t.repository = @repository AND t.digest = ANY(@digests) ORDER BY t.pushed_at DESC, t.tag_id DESC;",
                ArtifactRows.ReadTag,
                cancellationToken,
                P("repository", repository),
                P("digests", digests.ToArray()));
    }

    public Task<ListPage<ArtifactTagRow>> ListArtifactTagsAsync(string repository, string digest, ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        var (select, count, parameters) = ArtifactList.Tags(repository, digest, query);
        return PageAsync(select, count, parameters, ArtifactRows.ReadTag, cancellationToken);
    }

    /// <remarks>The row is locked first, so a manifest put (which locks it too) cannot slip in between the check and the delete.</remarks>
    public Task<bool> DeleteRepositoryIfEmptyAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var lockRow = Command(connection, transaction, "SELECT 1 FROM repositories WHERE name = @name FOR UPDATE;", P("name", name));
                if (await lockRow.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return false;
                }

                return await ExecuteAsync(
                    connection,
                    transaction,
                    "DELETE FROM repositories WHERE name = @name AND NOT EXISTS (SELECT 1 FROM manifests m WHERE m.repository = @name);",
                    cancellationToken,
                    P("name", name)) > 0;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListManifestDigestsAsync(string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return await QueryAsync(
            """
            SELECT m.digest FROM manifests m WHERE m.repository = @repository
            ORDER BY EXISTS (SELECT 1 FROM manifest_references x WHERE x.repository = m.repository AND x.target_digest = m.digest AND x.kind = 1), m.pushed_at DESC, m.digest;
            """,
            r => r.GetString(0),
            cancellationToken,
            P("repository", repository));
    }

    private Task<ListPage<T>> PageAsync<T>(
        string select, string countSql, IReadOnlyList<(string Name, object Value)> parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<T>();
                await using var command = Command(connection, transaction, select, Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(read(reader));
                }

                return new ListPage<T>(items, total);
            },
            cancellationToken);
    }
}
