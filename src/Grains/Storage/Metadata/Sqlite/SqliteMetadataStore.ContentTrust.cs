using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Content-trust policies.</summary>
public sealed partial class SqliteMetadataStore
{
    public Task<ContentTrustRecord?> GetContentTrustPolicyAsync(long projectId, CancellationToken cancellationToken) =>
        ReadAsync<ContentTrustRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, "SELECT document, version, update_time FROM content_trust_policies WHERE project_id = $project;", ("$project", projectId));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken)
                    ? ContentTrustRows.Read(reader)
                    : null;
            },
            cancellationToken);

    public Task<ContentTrustRecord?> SaveContentTrustPolicyAsync(long projectId, string document, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return WriteAsync<ContentTrustRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    """
                    INSERT INTO content_trust_policies (project_id, document, version, update_time)
                    SELECT $project, $document, 1, $at
                    WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = $project)
                    ON CONFLICT (project_id) DO UPDATE
                    SET document = excluded.document, version = content_trust_policies.version + 1, update_time = excluded.update_time
                    RETURNING document, version, update_time;
                    """,
                    ("$project", projectId),
                    ("$document", document),
                    ("$at", ToUnixMs(at)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken)
                    ? ContentTrustRows.Read(reader)
                    : null;
            },
            cancellationToken);
    }
}
