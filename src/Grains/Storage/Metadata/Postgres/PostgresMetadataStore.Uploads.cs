using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

public sealed partial class PostgresMetadataStore
{
    public async Task<UploadRecord?> GetUploadAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var rows = await QueryAsync($"SELECT {UploadRows.Columns} FROM uploads WHERE id = @id;", UploadRows.Read, cancellationToken, P("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Inserts or replaces the whole row.</summary>
    public Task SaveUploadAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentException.ThrowIfNullOrEmpty(upload.Id);
        return ExecuteAsync(
            $"""
            INSERT INTO uploads ({UploadRows.Columns}) VALUES (@id, @repository, @offset, @startedAt, @updatedAt)
            ON CONFLICT (id) DO UPDATE SET repository = excluded.repository, "offset" = excluded."offset",
                started_at = excluded.started_at, updated_at = excluded.updated_at;
            """,
            cancellationToken,
            P("id", upload.Id),
            P("repository", upload.Repository),
            P("offset", upload.Offset),
            P("startedAt", ToUnixMs(upload.StartedAt)),
            P("updatedAt", ToUnixMs(upload.UpdatedAt)));
    }

    public Task DeleteUploadAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return ExecuteAsync("DELETE FROM uploads WHERE id = @id;", cancellationToken, P("id", id));
    }

    public async Task<IReadOnlyList<UploadRecord>> ListStaleUploadsAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await QueryAsync(
            $"SELECT {UploadRows.Columns} FROM uploads WHERE updated_at < @cutoff ORDER BY updated_at, id LIMIT @limit;",
            UploadRows.Read,
            cancellationToken,
            P("cutoff", ToUnixMs(cutoff)),
            P("limit", limit));
    }
}
