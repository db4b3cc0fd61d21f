namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Proxy-cache projects.</summary>
public sealed partial class SqliteMetadataStore
{
    public Task<bool> SetProxyCacheRegistryAsync(long projectId, long registryId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    """
                    INSERT INTO proxy_cache_projects (project_id, registry_id)
                    SELECT $project, $registry
                    WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = $project)
                    ON CONFLICT (project_id) DO UPDATE SET registry_id = excluded.registry_id;
                    """,
                    ("$project", projectId),
                    ("$registry", registryId));
                return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
            },
            cancellationToken);

    public Task<long?> GetProxyCacheRegistryAsync(long projectId, CancellationToken cancellationToken) =>
        ReadAsync<long?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, "SELECT registry_id FROM proxy_cache_projects WHERE project_id = $project;", ("$project", projectId));
                var value = await command.ExecuteScalarAsync(cancellationToken);
                return value is long id ? id : null;
            },
            cancellationToken);

    public Task<string?> FindProxyCacheProjectAsync(long registryId, CancellationToken cancellationToken) =>
        ReadAsync<string?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    """
                    SELECT p.name FROM proxy_cache_projects c JOIN projects p ON p.project_id = c.project_id
                    WHERE c.registry_id = $registry ORDER BY c.project_id LIMIT 1;
                    """,
                    ("$registry", registryId));
                return await command.ExecuteScalarAsync(cancellationToken) as string;
            },
            cancellationToken);
}
