using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

public sealed partial class PostgresMetadataStore
{
    private const string UpsertBlobSql = """
        INSERT INTO blobs (digest, size, state, last_touched) VALUES (@digest, @size, @state, @lastTouched)
        ON CONFLICT (digest) DO UPDATE SET size = excluded.size, state = excluded.state, last_touched = excluded.last_touched;
        """;

    /// <remarks>One statement (the links as an array subquery), so row and links come from one snapshot.</remarks>
    public async Task<BlobRecord?> GetBlobAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        var rows = await QueryAsync(
            """
            SELECT b.size, b.state, b.last_touched,
                   ARRAY(SELECT rb.repository FROM repository_blobs rb WHERE rb.digest = b.digest ORDER BY rb.repository)
            FROM blobs b WHERE b.digest = @digest;
            """,
            r => new BlobRecord(digest, r.GetInt64(0), (BlobState)r.GetInt32(1), FromUnixMs(r.GetInt64(2)), r.GetFieldValue<string[]>(3)),
            cancellationToken,
            P("digest", digest));
        return rows.Count == 0 ? null : rows[0];
    }

    public Task SaveBlobAsync(string digest, long size, BlobState state, DateTimeOffset lastTouched, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return ExecuteAsync(
            UpsertBlobSql,
            cancellationToken,
            P("digest", digest),
            P("size", size),
            P("state", (int)state),
            P("lastTouched", ToUnixMs(lastTouched)));
    }

    public Task SaveBlobAndLinkAsync(string digest, long size, BlobState state, DateTimeOffset lastTouched, string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var batch = Batch(
                    connection,
                    transaction,
                    Statement(
                        UpsertBlobSql,
                        P("digest", digest),
                        P("size", size),
                        P("state", (int)state),
                        P("lastTouched", ToUnixMs(lastTouched))),
                    Statement(
                        """
                        INSERT INTO repository_blobs (digest, repository, linked_at) VALUES (@digest, @repository, @linkedAt)
                        ON CONFLICT (digest, repository) DO NOTHING;
                        """,
                        P("digest", digest),
                        P("repository", repository),
                        P("linkedAt", ToUnixMs(lastTouched))));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    public Task UnlinkBlobAsync(string digest, string repository, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        return ExecuteAsync(
            "DELETE FROM repository_blobs WHERE digest = @digest AND repository = @repository;",
            cancellationToken,
            P("digest", digest),
            P("repository", repository));
    }

    public Task DeleteBlobAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        return ExecuteAsync(
            "DELETE FROM blobs WHERE digest = @digest AND state = @deleting;",
            cancellationToken,
            P("digest", digest),
            P("deleting", (int)BlobState.Deleting));
    }
}
