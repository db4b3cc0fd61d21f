using ArtifactKeeper.Registry;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    private const string UpsertBlobSql = """
        INSERT INTO blobs (digest, size, state, last_touched) VALUES ($digest, $size, $state, $lastTouched)
        ON CONFLICT (digest) DO UPDATE SET size = excluded.size, state = excluded.state, last_touched = excluded.last_touched;
        """;

    public Task<BlobRecord?> GetBlobAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return ReadAsync<BlobRecord?>(
            async (connection, transaction) =>
            {
                long size;
                BlobState state;
                DateTimeOffset lastTouched;
                await using (var command = Command(connection, transaction, "SELECT size, state, last_touched FROM blobs WHERE digest = $digest;", ("$digest", digest)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        return null;
                    }

                    size = reader.GetInt64(0);
                    state = (BlobState)reader.GetInt32(1);
                    lastTouched = FromUnixMs(reader.GetInt64(2));
                }

                var repositories = new List<string>();
                await using (var command = Command(connection, transaction, "SELECT repository FROM repository_blobs WHERE digest = $digest ORDER BY repository;", ("$digest", digest)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        repositories.Add(reader.GetString(0));
                    }
                }

                return new BlobRecord(digest, size, state, lastTouched, repositories);
            },
            cancellationToken);
    }

    public Task SaveBlobAsync(string digest, long size, BlobState state, DateTimeOffset lastTouched, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return WriteAsync(
            (connection, transaction) => UpsertBlobAsync(connection, transaction, digest, size, state, lastTouched, cancellationToken),
            cancellationToken);
    }

    public Task SaveBlobAndLinkAsync(string digest, long size, BlobState state, DateTimeOffset lastTouched, string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await UpsertBlobAsync(connection, transaction, digest, size, state, lastTouched, cancellationToken);
                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    INSERT INTO repository_blobs (digest, repository, linked_at) VALUES ($digest, $repository, $linkedAt)
                    ON CONFLICT (digest, repository) DO NOTHING;
                    """,
                    cancellationToken,
                    ("$digest", digest),
                    ("$repository", repository),
                    ("$linkedAt", ToUnixMs(lastTouched)));
            },
            cancellationToken);
    }

    public Task UnlinkBlobAsync(string digest, string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return WriteAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM repository_blobs WHERE digest = $digest AND repository = $repository;",
                cancellationToken,
                ("$digest", digest),
                ("$repository", repository)),
            cancellationToken);
    }

    public Task DeleteBlobAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return WriteAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM blobs WHERE digest = $digest AND state = $deleting;",
                cancellationToken,
                ("$digest", digest),
                ("$deleting", (int)BlobState.Deleting)),
            cancellationToken);
    }

    private static Task<int> UpsertBlobAsync(
        SqliteConnection connection, SqliteTransaction transaction, string digest, long size, BlobState state, DateTimeOffset lastTouched, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            UpsertBlobSql,
            cancellationToken,
            ("$digest", digest),
            ("$size", size),
            ("$state", (int)state),
            ("$lastTouched", ToUnixMs(lastTouched)));
}
