namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Proxy-cache projects.</summary>
public sealed partial class PostgresMetadataStore
{
    public async Task<bool> SetProxyCacheRegistryAsync(long projectId, long registryId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            """
            INSERT INTO proxy_cache_projects (project_id, registry_id)
            SELECT @project, @registry
            WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = @project)
            ON CONFLICT (project_id) DO UPDATE SET registry_id = excluded.registry_id
            RETURNING project_id;
            """,
            reader => reader.GetInt64(0),
            cancellationToken,
            P("project", projectId),
            P("registry", registryId));
        return rows.Count > 0;
    }

    public async Task<long?> GetProxyCacheRegistryAsync(long projectId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            "SELECT registry_id FROM proxy_cache_projects WHERE project_id = @project;",
            reader => reader.GetInt64(0),
            cancellationToken,
            P("project", projectId));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<string?> FindProxyCacheProjectAsync(long registryId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            """
            SELECT p.name FROM proxy_cache_projects c JOIN projects p ON p.project_id = c.project_id
            WHERE c.registry_id = @registry ORDER BY c.project_id LIMIT 1;
            """,
            reader => reader.GetString(0),
            cancellationToken,
            P("registry", registryId));
        return rows.Count == 0 ? null : rows[0];
    }
}
