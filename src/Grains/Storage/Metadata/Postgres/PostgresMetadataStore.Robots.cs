using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;
using NpgsqlTypes;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Robot accounts. System robots have no project (NULL), so deleting a project removes its robots by cascade.</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly RobotListSql RobotList = new('@');
    private static readonly string RobotReturning = RobotListSql.Columns.Replace("r.", string.Empty, StringComparison.Ordinal);

    public async Task<RobotRecord?> GetRobotAsync(long robotId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {RobotListSql.Columns} FROM robots r WHERE r.robot_id = @id;", RobotRows.Read, cancellationToken, P("id", robotId));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<long?> FindRobotIdAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var rows = await QueryAsync("SELECT robot_id FROM robots WHERE name = @name;", r => r.GetInt64(0), cancellationToken, P("name", name));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<RobotRecord?> TryCreateRobotAsync(RobotRecord robot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(robot);
        var rows = await QueryAsync(
            $"""
            INSERT INTO robots (name, description, project_id, secret_hash, duration, expires_at, disabled, creator_type, creator_ref,
                                permissions, creation_time, update_time)
            VALUES (@name, @description, @project, @hash, @duration, @expires, @disabled, @creatorType, @creatorRef, @permissions, @created, @updated)
            ON CONFLICT (name) DO NOTHING
            RETURNING {RobotReturning};
            """,
            RobotRows.Read,
            cancellationToken,
            P("name", robot.Name),
            P("description", robot.Description),
            P<long?>("project", robot.ProjectId == 0 ? null : robot.ProjectId),
            P("hash", robot.SecretHash),
            P("duration", robot.Duration),
            P("expires", robot.ExpiresAt),
            P("disabled", robot.Disabled),
            P("creatorType", robot.CreatorType),
            P("creatorRef", robot.CreatorRef),
            PermissionsParameter(robot),
            P("created", ToUnixMs(robot.CreationTime)),
            P("updated", ToUnixMs(robot.UpdateTime)));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<RobotRecord?> UpdateRobotAsync(RobotRecord robot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(robot);
        var rows = await QueryAsync(
            $"""
            UPDATE robots SET description = @description, secret_hash = @hash, duration = @duration, expires_at = @expires,
                              disabled = @disabled, permissions = @permissions, update_time = @updated
            WHERE robot_id = @id
            RETURNING {RobotReturning};
            """,
            RobotRows.Read,
            cancellationToken,
            P("id", robot.RobotId),
            P("description", robot.Description),
            P("hash", robot.SecretHash),
            P("duration", robot.Duration),
            P("expires", robot.ExpiresAt),
            P("disabled", robot.Disabled),
            PermissionsParameter(robot),
            P("updated", ToUnixMs(robot.UpdateTime)));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> DeleteRobotAsync(long robotId, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM robots WHERE robot_id = @id;", cancellationToken, P("id", robotId)) > 0;

    public Task<ListPage<RobotRecord>> ListRobotsAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = RobotList.Build(query);
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<RobotRecord>();
                await using var command = Command(connection, transaction, select, Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(RobotRows.Read(reader));
                }

                return new ListPage<RobotRecord>(items, total);
            },
            cancellationToken);
    }

    private static NpgsqlParameter<string> PermissionsParameter(RobotRecord robot) =>
        new("permissions", NpgsqlDbType.Jsonb) { TypedValue = RobotPermissionsJson.Write(robot.Permissions) };
}
