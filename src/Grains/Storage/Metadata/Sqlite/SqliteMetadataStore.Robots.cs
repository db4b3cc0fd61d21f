using System.Data.Common;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Robot accounts. System robots have no project (NULL), so deleting a project removes its robots by cascade.</summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly RobotListSql RobotList = new('$');

    public Task<RobotRecord?> GetRobotAsync(long robotId, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, $"SELECT {RobotListSql.Columns} FROM robots r WHERE r.robot_id = $id;", ("$id", robotId));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? RobotRows.Read(reader) : null;
            },
            cancellationToken);

    public Task<long?> FindRobotIdAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, "SELECT robot_id FROM robots WHERE name = $name;", ("$name", name));
                return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : (long?)null;
            },
            cancellationToken);
    }

    /// <remarks>ON CONFLICT DO NOTHING turns a taken name into "no row returned" rather than a constraint error.</remarks>
    public Task<RobotRecord?> TryCreateRobotAsync(RobotRecord robot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(robot);
        return WriteAsync<RobotRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO robots (name, description, project_id, secret_hash, duration, expires_at, disabled, creator_type, creator_ref,
                                        permissions, creation_time, update_time)
                    VALUES ($name, $description, $project, $hash, $duration, $expires, $disabled, $creatorType, $creatorRef, $permissions, $created, $updated)
                    ON CONFLICT (name) DO NOTHING
                    RETURNING {RobotListSql.Columns.Replace("r.", string.Empty, StringComparison.Ordinal)};
                    """,
                    ("$name", robot.Name),
                    ("$description", robot.Description),
                    ("$project", robot.ProjectId == 0 ? null : robot.ProjectId),
                    ("$hash", robot.SecretHash),
                    ("$duration", robot.Duration),
                    ("$expires", robot.ExpiresAt),
                    ("$disabled", robot.Disabled ? 1 : 0),
                    ("$creatorType", robot.CreatorType),
                    ("$creatorRef", robot.CreatorRef),
                    ("$permissions", RobotPermissionsJson.Write(robot.Permissions)),
                    ("$created", ToUnixMs(robot.CreationTime)),
                    ("$updated", ToUnixMs(robot.UpdateTime)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? RobotRows.Read(reader) : null;
            },
            cancellationToken);
    }

    public Task<RobotRecord?> UpdateRobotAsync(RobotRecord robot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(robot);
        return WriteAsync<RobotRecord?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    UPDATE robots SET description = $description, secret_hash = $hash, duration = $duration, expires_at = $expires,
                                      disabled = $disabled, permissions = $permissions, update_time = $updated
                    WHERE robot_id = $id
                    RETURNING {RobotListSql.Columns.Replace("r.", string.Empty, StringComparison.Ordinal)};
                    """,
                    ("$id", robot.RobotId),
                    ("$description", robot.Description),
                    ("$hash", robot.SecretHash),
                    ("$duration", robot.Duration),
                    ("$expires", robot.ExpiresAt),
                    ("$disabled", robot.Disabled ? 1 : 0),
                    ("$permissions", RobotPermissionsJson.Write(robot.Permissions)),
                    ("$updated", ToUnixMs(robot.UpdateTime)));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? RobotRows.Read(reader) : null;
            },
            cancellationToken);
    }

    public Task<bool> DeleteRobotAsync(long robotId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
                await ExecuteAsync(connection, transaction, "DELETE FROM robots WHERE robot_id = $id;", cancellationToken, ("$id", robotId)) > 0,
            cancellationToken);

    public Task<ListPage<RobotRecord>> ListRobotsAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = RobotList.Build(query);
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<RobotRecord>();
                await using var command = Command(connection, transaction, select, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(RobotRows.Read(reader));
                }

                return new ListPage<RobotRecord>(items, total);
            },
            cancellationToken);
    }
}
