using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Content-trust policies.</summary>
public sealed partial class PostgresMetadataStore
{
    public async Task<ContentTrustRecord?> GetContentTrustPolicyAsync(long projectId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            "SELECT document, version, update_time FROM content_trust_policies WHERE project_id = @project;",
            ContentTrustRows.Read,
            cancellationToken,
            P("project", projectId));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<ContentTrustRecord?> SaveContentTrustPolicyAsync(long projectId, string document, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var rows = await QueryAsync(
            """
            INSERT INTO content_trust_policies (project_id, document, version, update_time)
            SELECT @project, @document, 1, @at
            WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = @project)
            ON CONFLICT (project_id) DO UPDATE
            SET document = excluded.document, version = content_trust_policies.version + 1, update_time = excluded.update_time
            RETURNING document, version, update_time;
            """,
            ContentTrustRows.Read,
            cancellationToken,
            P("project", projectId),
            P("document", document),
            P("at", ToUnixMs(at)));
        return rows.Count == 0 ? null : rows[0];
    }
}
