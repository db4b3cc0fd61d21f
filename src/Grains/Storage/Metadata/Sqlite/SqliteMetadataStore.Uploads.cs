using System.Data.Common;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

public sealed partial class SqliteMetadataStore
{
    public Task<UploadRecord?> GetUploadAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ReadAsync<UploadRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, $"SELECT {UploadRows.Columns} FROM uploads WHERE id = $id;", ("$id", id));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? UploadRows.Read(reader) : null;
            },
            cancellationToken);
    }

    /// <summary>Inserts or replaces the whole row.</summary>
    public Task SaveUploadAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentException.ThrowIfNullOrEmpty(upload.Id);
        return WriteAsync(
            (connection, transaction) => ExecuteAsync(
                connection,
                transaction,
                $"""
                INSERT INTO uploads ({UploadRows.Columns}) VALUES ($id, $repository, $offset, $startedAt, $updatedAt)
                ON CONFLICT (id) DO UPDATE SET repository = excluded.repository, "offset" = excluded."offset",
                    started_at = excluded.started_at, updated_at = excluded.updated_at;
                """,
                cancellationToken,
                ("$id", upload.Id),
                ("$repository", upload.Repository),
                ("$offset", upload.Offset),
                ("$startedAt", ToUnixMs(upload.StartedAt)),
                ("$updatedAt", ToUnixMs(upload.UpdatedAt))),
            cancellationToken);
    }

    public Task DeleteUploadAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return WriteAsync(
            (connection, transaction) => ExecuteAsync(connection, transaction, "DELETE FROM uploads WHERE id = $id;", cancellationToken, ("$id", id)),
            cancellationToken);
    }

    public Task<IReadOnlyList<UploadRecord>> ListStaleUploadsAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<UploadRecord>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"SELECT {UploadRows.Columns} FROM uploads WHERE updated_at < $cutoff ORDER BY updated_at, id LIMIT $limit;",
                    ("$cutoff", ToUnixMs(cutoff)),
                    ("$limit", limit));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var uploads = new List<UploadRecord>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    uploads.Add(UploadRows.Read(reader));
                }

                return uploads;
            },
            cancellationToken);
    }
}
