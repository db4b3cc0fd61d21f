using System.Globalization;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Replication executions and their tasks (the per-target transfer queue).</summary>
public sealed partial class SqliteMetadataStore
{
    private const string ReplicationExecutionColumns = """
        e.id, e.policy_id, e.trigger, e.source_registry_id, e.destination_registry_id, e.override, e.speed_kib, e.copy_by_chunk,
        e.status, e.status_text, e.planning_ended, e.planning_error, e.start_time, e.end_time,
        (SELECT COUNT(*) FROM replication_tasks t WHERE t.execution_id = e.id),
        (SELECT COUNT(*) FROM replication_tasks t WHERE t.execution_id = e.id AND t.status = 'Succeed'),
        (SELECT COUNT(*) FROM replication_tasks t WHERE t.execution_id = e.id AND t.status = 'Failed'),
        (SELECT COUNT(*) FROM replication_tasks t WHERE t.execution_id = e.id AND t.status IN ('Pending', 'InProgress')),
        (SELECT COUNT(*) FROM replication_tasks t WHERE t.execution_id = e.id AND t.status = 'Stopped')
        """;

    /// <summary>Appends <c>$log</c> to the task's log, keeping the newest <see cref="IReplicationExecutionMetadata.TaskLogLimit"/> characters.</summary>
    private const string ReplicationLogAppend = "log = substr(log || $log, -$logLimit)";

    public Task<long> CreateReplicationExecutionAsync(long policyId, string trigger, ReplicationRoute route, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        return WriteAsync((connection, transaction) => InsertReplicationExecutionAsync(connection, transaction, policyId, trigger, route, at, cancellationToken), cancellationToken);
    }

    public Task<long?> StartReplicationExecutionAsync(ReplicationPolicy policy, string trigger, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var route = policy.Route;

        // One write transaction (the writer is the only one): a policy deleted before it is seen gone here, and a delete
        // after it sees this execution InProgress and is refused.
        return WriteAsync<long?>(
            async (connection, transaction) =>
            {
                await using (var exists = Command(connection, transaction, "SELECT 1 FROM replication_policies WHERE id = $id;", ("$id", policy.Id)))
                {
                    if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                    {
                        return null;
                    }
                }

                var id = await InsertReplicationExecutionAsync(connection, transaction, policy.Id, trigger, route, at, cancellationToken);
                await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO replication_execution_policies (execution_id, {ReplicationPolicyListSql.BareColumns}, trigger_type)
                    VALUES ($execution, $id, $name, $description, $creator, $src, $dest, $namespace, $count, $filters, $trigger, $deletion, $override,
                        $enabled, $speed, $chunk, $single, $created, $updated, $triggerType);
                    """,
                    cancellationToken,
                    [.. ReplicationPolicyParameters(policy), ("$execution", id), ("$id", policy.Id)]);
                return id;
            },
            cancellationToken);
    }

    private static async Task<long> InsertReplicationExecutionAsync(
        SqliteConnection connection, SqliteTransaction transaction, long policyId, string trigger, ReplicationRoute route, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection,
            transaction,
            """
            INSERT INTO replication_executions (policy_id, trigger, source_registry_id, destination_registry_id, override, speed_kib,
                copy_by_chunk, status, status_text, planning_ended, start_time)
            VALUES ($policy, $trigger, $source, $destination, $override, $speed, $chunk, 'InProgress', '', 0, $at)
            RETURNING id;
            """,
            ("$policy", policyId),
            ("$trigger", trigger),
            ("$source", route.SourceRegistryId),
            ("$destination", route.DestinationRegistryId),
            ("$override", route.Override ? 1 : 0),
            ("$speed", route.SpeedKibPerSecond),
            ("$chunk", route.CopyByChunk ? 1 : 0),
            ("$at", ToUnixMs(at)));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public Task<ReplicationPolicy?> GetReplicationExecutionPolicyAsync(long executionId, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                var rows = await QueryReplicationPoliciesAsync(
                    connection,
                    transaction,
                    $"SELECT {ReplicationPolicyListSql.Columns} FROM replication_execution_policies p WHERE p.execution_id = $execution;",
                    cancellationToken,
                    ("$execution", executionId));
                return rows.Count == 0 ? null : rows[0];
            },
            cancellationToken);

    public Task<bool> HasActiveReplicationExecutionAsync(long policyId, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, "SELECT EXISTS (SELECT 1 FROM replication_executions WHERE policy_id = $policy AND status = 'InProgress');", ("$policy", policyId));
                return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) != 0;
            },
            cancellationToken);

    public async Task<ReplicationExecutionRecord?> GetReplicationExecutionAsync(long id, CancellationToken cancellationToken) =>
        (await ReadReplicationRowsAsync(
            $"SELECT {ReplicationExecutionColumns} FROM replication_executions e WHERE e.id = $id;", ReplicationExecutionRows.ReadExecution, cancellationToken, ("$id", id)))
        .FirstOrDefault();

    public Task<ListPage<ReplicationExecutionRecord>> ListReplicationExecutionsAsync(
        ReplicationExecutionFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        const string where = """
            ($policy IS NULL OR e.policy_id = $policy) AND ($status IS NULL OR e.status = $status) AND ($trigger IS NULL OR e.trigger = $trigger)
            """;
        return ReadReplicationPageAsync(
            $"SELECT {ReplicationExecutionColumns} FROM replication_executions e WHERE {where} ORDER BY e.id DESC LIMIT $limit OFFSET $offset;",
            $"SELECT COUNT(*) FROM replication_executions e WHERE {where};",
            ReplicationExecutionRows.ReadExecution,
            page,
            pageSize,
            cancellationToken,
            ("$policy", filter.PolicyId),
            ("$status", filter.Status),
            ("$trigger", filter.Trigger));
    }

    public Task<int> AddReplicationTasksAsync(
        long executionId, long targetKey, IReadOnlyList<ReplicationItem> items, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var check = Command(
                    connection, transaction, "SELECT status FROM replication_executions WHERE id = $id;", ("$id", executionId)))
                {
                    if (await check.ExecuteScalarAsync(cancellationToken) as string != ReplicationStatuses.InProgress)
                    {
                        return 0;
                    }
                }

                await using var insert = Command(
                    connection,
                    transaction,
                    """
                    INSERT INTO replication_tasks (execution_id, target_key, operation, resource_type, src_repository, digest, tags, dst_repository,
                        status, attempts, due_at, bytes_sent, creation_time, log)
                    VALUES ($execution, $target, $operation, $type, $source, $digest, $tags, $destination, 'Pending', 0, $at, 0, $at, '');
                    """,
                    ("$execution", executionId),
                    ("$target", targetKey),
                    ("$operation", string.Empty),
                    ("$type", string.Empty),
                    ("$source", string.Empty),
                    ("$digest", string.Empty),
                    ("$tags", string.Empty),
                    ("$destination", string.Empty),
                    ("$at", ToUnixMs(at)));
                foreach (var item in items)
                {
                    insert.Parameters["$operation"].Value = ReplicationTaskText.Operation(item.Operation);
                    insert.Parameters["$type"].Value = item.ResourceType;
                    insert.Parameters["$source"].Value = item.SourceRepository;
                    insert.Parameters["$digest"].Value = item.Digest;
                    insert.Parameters["$tags"].Value = ReplicationTaskText.Tags(item.Tags);
                    insert.Parameters["$destination"].Value = item.DestinationRepository;
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                return items.Count;
            },
            cancellationToken);
    }

    public Task<bool> EndReplicationPlanningAsync(long executionId, string? error, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE replication_executions SET planning_ended = 1, planning_error = COALESCE($error, planning_error) WHERE id = $id;",
                cancellationToken,
                ("$id", executionId),
                ("$error", error)) > 0,
            cancellationToken);

    public Task<bool> FinishReplicationExecutionAsync(long id, string status, string statusText, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE replication_executions SET status = $status, status_text = $text, end_time = $at WHERE id = $id AND status = 'InProgress';",
                cancellationToken,
                ("$id", id),
                ("$status", status),
                ("$text", statusText),
                ("$at", ToUnixMs(at))) > 0,
            cancellationToken);

    public Task<bool> StopReplicationExecutionAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var stopped = await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE replication_executions SET status = 'Stopped', status_text = 'Stopped on request', end_time = $at WHERE id = $id AND status = 'InProgress';",
                    cancellationToken,
                    ("$id", id),
                    ("$at", ToUnixMs(at)));
                if (stopped == 0)
                {
                    return false;
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE replication_tasks SET status = 'Stopped', end_time = $at, claimed_by = NULL WHERE execution_id = $id AND status = 'Pending';",
                    cancellationToken,
                    ("$id", id),
                    ("$at", ToUnixMs(at)));
                return true;
            },
            cancellationToken);

    public Task<int> RetryReplicationTasksAsync(long executionId, long? taskId, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                (string, object?)[] arguments = [("$id", executionId), ("$task", taskId), ("$at", ToUnixMs(at)), ("$log", RetryLogLine(at)), ("$logLimit", IReplicationExecutionMetadata.TaskLogLimit)];
                var retried = await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    UPDATE replication_tasks SET status = 'Pending', attempts = 0, due_at = $at, bytes_sent = 0, claimed_by = NULL, end_time = NULL, {ReplicationLogAppend}
                    WHERE execution_id = $id AND status = 'Failed' AND ($task IS NULL OR id = $task);
                    """,
                    cancellationToken,
                    arguments);
                if (retried > 0)
                {
                    await ExecuteAsync(
                        connection,
                        transaction,
                        "UPDATE replication_executions SET status = 'InProgress', status_text = '', end_time = NULL WHERE id = $id;",
                        cancellationToken,
                        arguments);
                }

                return retried;
            },
            cancellationToken);

    public async Task<ReplicationTaskRecord?> GetReplicationTaskAsync(long id, CancellationToken cancellationToken) =>
        (await ReadReplicationRowsAsync($"SELECT {ReplicationExecutionRows.TaskColumns} FROM replication_tasks WHERE id = $id;", ReplicationExecutionRows.ReadTask, cancellationToken, ("$id", id)))
        .FirstOrDefault();

    public async Task<string?> GetReplicationTaskLogAsync(long id, CancellationToken cancellationToken) =>
        (await ReadReplicationRowsAsync("SELECT log FROM replication_tasks WHERE id = $id;", reader => reader.GetString(0), cancellationToken, ("$id", id)))
        .FirstOrDefault();

    public Task<ListPage<ReplicationTaskRecord>> ListReplicationTasksAsync(
        long executionId, string? status, string? resourceType, int page, int pageSize, CancellationToken cancellationToken)
    {
        const string where = "execution_id = $execution AND ($status IS NULL OR status = $status) AND ($type IS NULL OR resource_type = $type)";
        return ReadReplicationPageAsync(
            $"SELECT {ReplicationExecutionRows.TaskColumns} FROM replication_tasks WHERE {where} ORDER BY id LIMIT $limit OFFSET $offset;",
            $"SELECT COUNT(*) FROM replication_tasks WHERE {where};",
            ReplicationExecutionRows.ReadTask,
            page,
            pageSize,
            cancellationToken,
            ("$execution", executionId),
            ("$status", status),
            ("$type", resourceType));
    }

    public Task<IReadOnlyList<ReplicationTaskRecord>> ClaimReplicationTasksAsync(
        long targetKey, string owner, int limit, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<ReplicationTaskRecord>>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    UPDATE replication_tasks SET status = 'InProgress', claimed_by = $owner, start_time = COALESCE(start_time, $now)
                    WHERE id IN (
                        SELECT id FROM replication_tasks WHERE target_key = $target AND status = 'Pending' AND due_at <= $now
                        ORDER BY due_at, id LIMIT $limit)
                    RETURNING {ReplicationExecutionRows.TaskColumns};
                    """,
                    ("$owner", owner),
                    ("$target", targetKey),
                    ("$now", ToUnixMs(now)),
                    ("$limit", limit));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var claimed = new List<ReplicationTaskRecord>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimed.Add(ReplicationExecutionRows.ReadTask(reader));
                }

                return [.. claimed.OrderBy(t => t.DueAt).ThenBy(t => t.Id)];
            },
            cancellationToken);

    public Task<DateTimeOffset?> NextReplicationTaskDueAsync(long targetKey, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, "SELECT MIN(due_at) FROM replication_tasks WHERE target_key = $target AND status = 'Pending';", ("$target", targetKey));
                return await command.ExecuteScalarAsync(cancellationToken) is long due ? FromUnixMs(due) : (DateTimeOffset?)null;
            },
            cancellationToken);

    public Task<int> ReleaseOrphanedReplicationTasksAsync(long targetKey, string owner, string logLine, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                (string, object?)[] arguments =
                    [("$target", targetKey), ("$owner", owner), ("$at", ToUnixMs(at)), ("$log", logLine), ("$logLimit", IReplicationExecutionMetadata.TaskLogLimit)];
                var released = await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    UPDATE replication_tasks SET status = 'Pending', claimed_by = NULL, due_at = $at, {ReplicationLogAppend}
                    WHERE target_key = $target AND status = 'InProgress' AND (claimed_by IS NULL OR claimed_by <> $owner);
                    """,
                    cancellationToken,
                    arguments);
                // Those of an execution stopped meanwhile do not run again.
                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    UPDATE replication_tasks SET status = 'Stopped', end_time = $at
                    WHERE target_key = $target AND status = 'Pending'
                      AND execution_id IN (SELECT id FROM replication_executions WHERE status <> 'InProgress');
                    """,
                    cancellationToken,
                    arguments);
                return released;
            },
            cancellationToken);

    public Task<bool> RescheduleReplicationTaskAsync(
        long id, string owner, int attempts, DateTimeOffset dueAt, long bytesSent, string log, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                $"""
                UPDATE replication_tasks SET status = 'Pending', claimed_by = NULL, attempts = $attempts, due_at = $due, bytes_sent = $bytes, {ReplicationLogAppend}
                WHERE id = $id AND status = 'InProgress' AND claimed_by = $owner;
                """,
                cancellationToken,
                ("$id", id),
                ("$owner", owner),
                ("$attempts", attempts),
                ("$due", ToUnixMs(dueAt)),
                ("$bytes", bytesSent),
                ("$log", log),
                ("$logLimit", IReplicationExecutionMetadata.TaskLogLimit)) > 0,
            cancellationToken);

    public Task<bool> FinishReplicationTaskAsync(
        long id, string owner, string status, int attempts, long bytesSent, string log, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                $"""
                UPDATE replication_tasks SET status = $status, claimed_by = NULL, attempts = $attempts, bytes_sent = $bytes, end_time = $at, {ReplicationLogAppend}
                WHERE id = $id AND status = 'InProgress' AND claimed_by = $owner;
                """,
                cancellationToken,
                ("$id", id),
                ("$owner", owner),
                ("$status", status),
                ("$attempts", attempts),
                ("$bytes", bytesSent),
                ("$at", ToUnixMs(at)),
                ("$log", log),
                ("$logLimit", IReplicationExecutionMetadata.TaskLogLimit)) > 0,
            cancellationToken);

    public async Task<IReadOnlyList<long>> ListReplicationTargetsWithWorkAsync(CancellationToken cancellationToken) =>
        await ReadReplicationRowsAsync(
            "SELECT DISTINCT target_key FROM replication_tasks WHERE status IN ('Pending', 'InProgress') ORDER BY target_key;",
            reader => reader.GetInt64(0),
            cancellationToken);

    public async Task<IReadOnlyList<long>> ListUnsettledReplicationExecutionsAsync(CancellationToken cancellationToken) =>
        await ReadReplicationRowsAsync(
            """
            SELECT e.id FROM replication_executions e
            WHERE e.status = 'InProgress' AND e.planning_ended = 1
              AND NOT EXISTS (SELECT 1 FROM replication_tasks t WHERE t.execution_id = e.id AND t.status IN ('Pending', 'InProgress'))
            ORDER BY e.id;
            """,
            reader => reader.GetInt64(0),
            cancellationToken);

    public async Task<IReadOnlyList<long>> ListUnplannedReplicationExecutionsAsync(CancellationToken cancellationToken) =>
        await ReadReplicationRowsAsync(
            """
            SELECT id FROM replication_executions
            WHERE status = 'InProgress' AND planning_ended = 0
            ORDER BY id;
            """,
            reader => reader.GetInt64(0),
            cancellationToken);

    private static string RetryLogLine(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} [INFO] Retry requested\n");

    private Task<List<T>> ReadReplicationRowsAsync<T>(
        string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string, object?)[] arguments) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, sql, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(map(reader));
                }

                return rows;
            },
            cancellationToken);

    private Task<ListPage<T>> ReadReplicationPageAsync<T>(
        string pageSql, string countSql, Func<SqliteDataReader, T> map, int page, int pageSize, CancellationToken cancellationToken, params (string, object?)[] arguments) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                await using var command = Command(
                    connection, transaction, pageSql, [.. arguments, ("$limit", pageSize), ("$offset", (long)(page - 1) * pageSize)]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var items = new List<T>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(map(reader));
                }

                return new ListPage<T>(items, total);
            },
            cancellationToken);
}
