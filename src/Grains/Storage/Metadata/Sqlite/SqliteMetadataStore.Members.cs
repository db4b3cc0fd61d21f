using System.Data.Common;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Project memberships.</summary>
public sealed partial class SqliteMetadataStore
{
    // A member's name is its user's or group's current name; a row whose entity is gone has none and is not listed.
    private const string MemberListingFrom = """
        FROM project_members m
        LEFT JOIN users u ON m.entity_type = 'u' AND u.user_id = m.entity_id
        LEFT JOIN user_groups g ON m.entity_type = 'g' AND g.id = m.entity_id
        WHERE m.project_id = $project AND COALESCE(u.username, g.group_name) IS NOT NULL
        """;

    public Task<IReadOnlyList<ProjectMemberRecord>> LoadProjectMembersAsync(long projectId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ProjectMemberRecord>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, $"SELECT {MemberRows.Columns} FROM project_members m WHERE m.project_id = $project ORDER BY m.id;", ("$project", projectId));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var members = new List<ProjectMemberRecord>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    members.Add(MemberRows.Read(reader));
                }

                return members;
            },
            cancellationToken);

    public Task<ProjectMemberRecord?> TryAddProjectMemberAsync(
        long projectId, MemberEntityType entityType, long entityId, ProjectRole role, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync<ProjectMemberRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    """
                    INSERT INTO project_members (project_id, entity_type, entity_id, role, creation_time, update_time)
                    SELECT $project, $type, $entity, $role, $at, $at WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = $project)
                    ON CONFLICT (project_id, entity_type, entity_id) DO NOTHING
                    RETURNING id, project_id, entity_type, entity_id, role;
                    """,
                    ("$project", projectId),
                    ("$type", MemberEntityTypes.Code(entityType)),
                    ("$entity", entityId),
                    ("$role", (int)role),
                    ("$at", ToUnixMs(at)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? MemberRows.Read(reader) : null;
            },
            cancellationToken);

    public Task<bool> UpdateProjectMemberRoleAsync(long projectId, long memberId, ProjectRole role, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE project_members SET role = $role, update_time = $at WHERE project_id = $project AND id = $id;",
                cancellationToken,
                ("$role", (int)role),
                ("$at", ToUnixMs(at)),
                ("$project", projectId),
                ("$id", memberId)) > 0,
            cancellationToken);

    public Task<bool> DeleteProjectMemberAsync(long projectId, long memberId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM project_members WHERE project_id = $project AND id = $id;",
                cancellationToken,
                ("$project", projectId),
                ("$id", memberId)) > 0,
            cancellationToken);

    public Task<ListPage<ProjectMemberListing>> ListProjectMembersAsync(
        long projectId, string? entityName, int page, int pageSize, CancellationToken cancellationToken)
    {
        var filter = string.IsNullOrEmpty(entityName) ? string.Empty : " AND COALESCE(u.username, g.group_name) = $name";
        (string, object?)[] arguments = [("$project", projectId), ("$name", entityName), ("$limit", pageSize), ("$offset", (long)(page - 1) * pageSize)];
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, $"SELECT COUNT(*) {MemberListingFrom}{filter};", arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                await using var command = Command(
                    connection,
                    transaction,
                    $"SELECT {MemberRows.Columns}, COALESCE(u.username, g.group_name) AS entity_name {MemberListingFrom}{filter} ORDER BY entity_name, m.id LIMIT $limit OFFSET $offset;",
                    arguments);
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

    public Task<ProjectMemberListing?> GetProjectMemberAsync(long projectId, long memberId, CancellationToken cancellationToken) =>
        ReadAsync<ProjectMemberListing?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"SELECT {MemberRows.Columns}, COALESCE(u.username, g.group_name) {MemberListingFrom} AND m.id = $id;",
                    ("$project", projectId),
                    ("$id", memberId));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? new ProjectMemberListing(MemberRows.Read(reader), reader.GetString(5)) : null;
            },
            cancellationToken);

    public Task<string?> FindUsernameByIdAsync(long userId, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, "SELECT username FROM users WHERE user_id = $id;", ("$id", userId));
                return (string?)await command.ExecuteScalarAsync(cancellationToken);
            },
            cancellationToken);

    /// <summary>Makes a just-created project's owner its Project Admin, inside the creating transaction.</summary>
    private static Task<int> AddOwnerMembershipAsync(
        SqliteConnection connection, SqliteTransaction transaction, ProjectRecord project, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO project_members (project_id, entity_type, entity_id, role, creation_time, update_time)
            SELECT $project, 'u', user_id, 1, $at, $at FROM users WHERE username = $owner;
            """,
            cancellationToken,
            ("$project", project.ProjectId),
            ("$owner", project.OwnerName),
            ("$at", ToUnixMs(project.CreationTime)));
}
