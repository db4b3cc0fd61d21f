using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Harbor's repository, artifact and tag listings.</summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly ArtifactListSql ArtifactList = new(
        '$', "json_extract(CAST(m.content AS TEXT), '$.config.mediaType')", "json_extract(p.metadata, '$.public')");

    public Task<ListPage<RepositoryListing>> ListRepositoryPageAsync(RepositoryListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, count, parameters) = ArtifactList.Repositories(query);
        return PageAsync(select, count, parameters, ArtifactRows.ReadRepository, cancellationToken);
    }

    public async Task<RepositoryListing?> GetRepositoryListingAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var rows = await ListAsync(
            $"SELECT {ArtifactListSql.RepositoryColumns}{ArtifactListSql.RepositoryFrom} WHERE r.name = $name;",
            ArtifactRows.ReadRepository,
            cancellationToken,
            ("$name", name));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<bool> UpdateRepositoryDescriptionAsync(string name, string description, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE repositories SET description = $description, update_time = $at WHERE name = $name;",
                cancellationToken,
                ("$name", name),
                ("$description", description),
                ("$at", ToUnixMs(at))) > 0,
            cancellationToken);
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
        var digest = isDigest ? "$reference" : "(SELECT t.digest FROM tags t WHERE t.repository = $repository AND t.name = $reference)";
        var rows = await ListAsync(
            $"SELECT {ArtifactListSql.ArtifactColumns}{ArtifactListSql.ArtifactFrom} WHERE m.repository = $repository AND m.digest = {digest};",
            ArtifactRows.ReadArtifact,
            cancellationToken,
            ("$repository", repository),
            ("$reference", reference));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<ArtifactRow>> FindArtifactsAsync(string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Count == 0)
        {
            return [];
        }

        var (list, parameters) = InList(digests);
        return await ListAsync(
            $"SELECT {ArtifactListSql.ArtifactColumns}{ArtifactListSql.ArtifactFrom} WHERE m.repository = $repository AND m.digest IN ({list}) ORDER BY m.pushed_at, m.artifact_id;",
            ArtifactRows.ReadArtifact,
            cancellationToken,
            [("$repository", repository), .. parameters]);
    }

    public async Task<IReadOnlyList<ArtifactRow>> ListAccessoryArtifactsAsync(
        string repository, string subjectDigest, IReadOnlyCollection<string> fallbackTags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(subjectDigest);
        ArgumentNullException.ThrowIfNull(fallbackTags);
        var (list, parameters) = InList(fallbackTags);
        var byTag = fallbackTags.Count == 0
            ? string.Empty
            : $" OR m.digest IN (SELECT t.digest FROM tags t WHERE t.repository = $repository AND t.name IN ({list}))";
        return await ListAsync(
            $"SELECT {ArtifactListSql.ArtifactColumns}{ArtifactListSql.ArtifactFrom} WHERE m.repository = $repository AND (m.subject = $subject{byTag}) ORDER BY m.pushed_at, m.artifact_id;",
            ArtifactRows.ReadArtifact,
            cancellationToken,
            [("$repository", repository), ("$subject", subjectDigest), .. parameters]);
    }

    public async Task<IReadOnlyList<ArtifactTagRow>> ListTagsOfAsync(string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Count == 0)
        {
            return [];
        }

        var (list, parameters) = InList(digests);
        return await ListAsync(
            $"SELECT {ArtifactListSql.TagColumns} FROM tags t WHERE t.repository = $repository AND t.digest IN ({list}) ORDER BY t.pushed_at DESC, t.tag_id DESC;",
            ArtifactRows.ReadTag,
            cancellationToken,
            [("$repository", repository), .. parameters]);
    }

    public Task<ListPage<ArtifactTagRow>> ListArtifactTagsAsync(string repository, string digest, ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        var (select, count, parameters) = ArtifactList.Tags(repository, digest, query);
        return PageAsync(select, count, parameters, ArtifactRows.ReadTag, cancellationToken);
    }

    public Task<bool> DeleteRepositoryIfEmptyAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM repositories WHERE name = $name AND NOT EXISTS (SELECT 1 FROM manifests m WHERE m.repository = $name);",
                cancellationToken,
                ("$name", name)) > 0,
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListManifestDigestsAsync(string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return ReadListAsync(
            """
            SELECT m.digest FROM manifests m WHERE m.repository = $repository
            ORDER BY EXISTS (SELECT 1 FROM manifest_references x WHERE x.repository = m.repository AND x.target_digest = m.digest AND x.kind = 1), m.pushed_at DESC, m.digest;
            """,
            r => r.GetString(0),
            cancellationToken,
            ("$repository", repository));
    }

    private async Task<IReadOnlyList<T>> ReadListAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await ListAsync(sql, read, cancellationToken, parameters);

    private Task<List<T>> ListAsync<T>(string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, sql, parameters);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(read(reader));
                }

                return rows;
            },
            cancellationToken);

    private Task<ListPage<T>> PageAsync<T>(
        string select, string countSql, IReadOnlyList<(string Name, object Value)> parameters, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<T>();
                await using var command = Command(connection, transaction, select, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(read(reader));
                }

                return new ListPage<T>(items, total);
            },
            cancellationToken);
    }

    private static (string List, (string Name, object? Value)[] Parameters) InList(IReadOnlyCollection<string> values)
    {
        var parameters = values.Select((v, i) => ("$in" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)v)).ToArray();
        return (string.Join(", ", parameters.Select(p => p.Item1)), parameters);
    }
}
