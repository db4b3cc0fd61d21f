using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Project memberships.</summary>
public sealed partial class PostgresMetadataStore
{
    /// <summary>Used inside project creation: the owner (<c>created</c>'s owner_name) becomes Project Admin.</summary>
    private const string OwnerMembershipSql = """
        INSERT INTO project_members (project_id, entity_type, entity_id, role, creation_time, update_time)
        SELECT c.project_id, 'u', u.user_id, 1, c.creation_time, c.creation_time
        FROM created c JOIN users u ON u.username = c.owner_name
        """;

    // A member's name is its user's or group's current name; a row whose entity is gone has none and is not listed.
    private const string MemberListingFrom = """
        FROM project_members m
        LEFT JOIN users u ON m.entity_type = 'u' AND u.user_id = m.entity_id
        LEFT JOIN user_groups g ON m.entity_type = 'g' AND g.id = m.entity_id
        WHERE m.project_id = @project AND COALESCE(u.username, g.group_name) IS NOT NULL
        """;

    public async Task<IReadOnlyList<ProjectMemberRecord>> LoadProjectMembersAsync(long projectId, CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {MemberRows.Columns} FROM project_members m WHERE m.project_id = @project ORDER BY m.id;", MemberRows.Read, cancellationToken, P("project", projectId));

    public async Task<ProjectMemberRecord?> TryAddProjectMemberAsync(
        long projectId, MemberEntityType entityType, long entityId, ProjectRole role, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            """
            INSERT INTO project_members (project_id, entity_type, entity_id, role, creation_time, update_time)
            SELECT @project, @type, @entity, @role, @at, @at WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = @project)
            ON CONFLICT (project_id, entity_type, entity_id) DO NOTHING
            RETURNING id, project_id, entity_type, entity_id, role;
            """,
            MemberRows.Read,
            cancellationToken,
            P("project", projectId),
            P("type", MemberEntityTypes.Code(entityType)),
            P("entity", entityId),
            P("role", (int)role),
            P("at", ToUnixMs(at)));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> UpdateProjectMemberRoleAsync(long projectId, long memberId, ProjectRole role, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE project_members SET role = @role, update_time = @at WHERE project_id = @project AND id = @id;",
            cancellationToken,
            P("role", (int)role),
            P("at", ToUnixMs(at)),
            P("project", projectId),
            P("id", memberId)) > 0;

    public async Task<bool> DeleteProjectMemberAsync(long projectId, long memberId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "DELETE FROM project_members WHERE project_id = @project AND id = @id;", cancellationToken, P("project", projectId), P("id", memberId)) > 0;

    public Task<ListPage<ProjectMemberListing>> ListProjectMembersAsync(
        long projectId, string? entityName, int page, int pageSize, CancellationToken cancellationToken)
    {
        var filter = string.IsNullOrEmpty(entityName) ? string.Empty : " AND COALESCE(u.username, g.group_name) = @name";
        NpgsqlParameter[] Arguments() => filter.Length == 0
            ? [P("project", projectId), P("limit", pageSize), P("offset", (long)(page - 1) * pageSize)]
            : [P("project", projectId), P("name", entityName!), P("limit", pageSize), P("offset", (long)(page - 1) * pageSize)];
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, $"SELECT COUNT(*) {MemberListingFrom}{filter};", Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                await using var command = Command(
                    connection,
                    transaction,
                    $"SELECT {MemberRows.Columns}, COALESCE(u.username, g.group_name) AS entity_name {MemberListingFrom}{filter} ORDER BY entity_name, m.id LIMIT @limit OFFSET @offset;",
                    Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var items = new List<ProjectMemberListing>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(new ProjectMemberListing(MemberRows.Read(reader), reader.GetString(5)));
                }

                return new ListPage<ProjectMemberListing>(items, total);
            },
            cancellationToken);
    }

    public async Task<ProjectMemberListing?> GetProjectMemberAsync(long projectId, long memberId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {MemberRows.Columns}, COALESCE(u.username, g.group_name) {MemberListingFrom} AND m.id = @id;",
            r => new ProjectMemberListing(MemberRows.Read(r), r.GetString(5)),
            cancellationToken,
            P("project", projectId),
            P("id", memberId));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<string?> FindUsernameByIdAsync(long userId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT username FROM users WHERE user_id = @id;", r => r.GetString(0), cancellationToken, P("id", userId));
        return rows.Count == 0 ? null : rows[0];
    }
}
