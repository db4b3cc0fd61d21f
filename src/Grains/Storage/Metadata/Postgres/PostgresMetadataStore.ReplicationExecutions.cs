using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Replication executions and their tasks (the per-target transfer queue).</summary>
public sealed partial class PostgresMetadataStore
{
    private const string ReplicationExecutionColumns = """
        e.id, e.policy_id, e.trigger, e.source_registry_id, e.destination_registry_id, e.override, e.speed_kib, e.copy_by_chunk,
        e.status, e.status_text, e.planning_ended, e.planning_error, e.start_time, e.end_time,
        c.total, c.succeed, c.failed, c.in_progress, c.stopped
        """;

    private const string ReplicationExecutionCounts = """
        CROSS JOIN LATERAL (
            SELECT COUNT(*)::int AS total,
                   COUNT(*) FILTER (WHERE t.status = 'Succeed')::int AS succeed,
                   COUNT(*) FILTER (WHERE t.status = 'Failed')::int AS failed,
                   COUNT(*) FILTER (WHERE t.status IN ('Pending', 'InProgress'))::int AS in_progress,
                   COUNT(*) FILTER (WHERE t.status = 'Stopped')::int AS stopped
            FROM replication_tasks t WHERE t.execution_id = e.id) c
        """;

    /// <summary>Appends <c>@log</c> to the task's log, keeping the newest <see cref="IReplicationExecutionMetadata.TaskLogLimit"/> characters.</summary>
    private const string ReplicationLogAppend = "log = right(log || @log, @logLimit)";

    public Task<long> CreateReplicationExecutionAsync(long policyId, string trigger, ReplicationRoute route, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        return WriteAsync((connection, transaction) => InsertReplicationExecutionAsync(connection, transaction, policyId, trigger, route, at, cancellationToken), cancellationToken);
    }

    public Task<long?> StartReplicationExecutionAsync(ReplicationPolicy policy, string trigger, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var route = policy.Route;
        return WriteAsync<long?>(
            async (connection, transaction) =>
            {
                // The key-share lock waits for a delete under way (which locks the row first, see DeleteReplicationPolicyAsync)
                // and then finds the row gone; taken first, it makes that delete wait and then see this execution running.
                await using (var locked = Command(
                    connection, transaction, "SELECT 1 FROM replication_policies WHERE id = @id FOR KEY SHARE;", P("id", policy.Id)))
                {
                    if (await locked.ExecuteScalarAsync(cancellationToken) is null)
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
                    VALUES (@execution, @id, @name, @description, @creator, @src, @dest, @namespace, @count, @filters, @trigger, @deletion, @override,
                        @enabled, @speed, @chunk, @single, @created, @updated, @triggerType);
                    """,
                    cancellationToken,
                    [.. ReplicationPolicyParameters(policy), P("execution", id), P("id", policy.Id)]);
                return id;
            },
            cancellationToken);
    }

    private static async Task<long> InsertReplicationExecutionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long policyId, string trigger, ReplicationRoute route, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = Command(
            connection,
            transaction,
            """
            INSERT INTO replication_executions (policy_id, trigger, source_registry_id, destination_registry_id, override, speed_kib,
                copy_by_chunk, status, status_text, planning_ended, start_time)
            VALUES (@policy, @trigger, @source, @destination, @override, @speed, @chunk, 'InProgress', '', false, @at)
            RETURNING id;
            """,
            P("policy", policyId),
            P("trigger", trigger),
            P("source", route.SourceRegistryId),
            P("destination", route.DestinationRegistryId),
            P("override", route.Override),
            P("speed", route.SpeedKibPerSecond),
            P("chunk", route.CopyByChunk),
            P("at", ToUnixMs(at)));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<ReplicationPolicy?> GetReplicationExecutionPolicyAsync(long executionId, CancellationToken cancellationToken) =>
        (await QueryAsync(
            $"SELECT {ReplicationPolicyListSql.Columns} FROM replication_execution_policies p WHERE p.execution_id = @execution;",
            ReplicationPolicyRows.Read,
            cancellationToken,
            P("execution", executionId))).FirstOrDefault();

    public async Task<bool> HasActiveReplicationExecutionAsync(long policyId, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT EXISTS (SELECT 1 FROM replication_executions WHERE policy_id = @policy AND status = 'InProgress');",
            reader => reader.GetBoolean(0),
            cancellationToken,
            P("policy", policyId)))[0];

    public async Task<ReplicationExecutionRecord?> GetReplicationExecutionAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync(
            $"SELECT {ReplicationExecutionColumns} FROM replication_executions e {ReplicationExecutionCounts} WHERE e.id = @id;",
            ReplicationExecutionRows.ReadExecution,
            cancellationToken,
            P("id", id))).FirstOrDefault();

    public Task<ListPage<ReplicationExecutionRecord>> ListReplicationExecutionsAsync(
        ReplicationExecutionFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        const string where = """
            (@policy::bigint IS NULL OR e.policy_id = @policy) AND (@status::text IS NULL OR e.status = @status)
            AND (@trigger::text IS NULL OR e.trigger = @trigger)
            """;
        return ReadReplicationPageAsync(
            $"SELECT {ReplicationExecutionColumns} FROM replication_executions e {ReplicationExecutionCounts} WHERE {where} ORDER BY e.id DESC LIMIT @limit OFFSET @offset;",
            $"SELECT COUNT(*) FROM replication_executions e WHERE {where};",
            ReplicationExecutionRows.ReadExecution,
            page,
            pageSize,
            () => [P("policy", filter.PolicyId), P("status", filter.Status), P("trigger", filter.Trigger)],
            cancellationToken);
    }

    public Task<int> AddReplicationTasksAsync(
        long executionId, long targetKey, IReadOnlyList<ReplicationItem> items, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        return WriteAsync(
            async (connection, transaction) =>
            {
                // The row lock orders this against a concurrent stop: tasks never join an execution that has ended.
                await using (var check = Command(
                    connection, transaction, "SELECT status FROM replication_executions WHERE id = @id FOR UPDATE;", P("id", executionId)))
                {
                    if (await check.ExecuteScalarAsync(cancellationToken) as string != ReplicationStatuses.InProgress)
                    {
                        return 0;
                    }
                }

                if (items.Count == 0)
                {
                    return 0;
                }

                await using var insert = Command(
                    connection,
                    transaction,
                    """
                    INSERT INTO replication_tasks (execution_id, target_key, operation, resource_type, src_repository, digest, tags, dst_repository,
                        status, attempts, due_at, bytes_sent, creation_time, log)
                    SELECT @execution, @target, i.operation, i.resource_type, i.src_repository, i.digest, i.tags, i.dst_repository,
                        'Pending', 0, @at, 0, @at, ''
                    FROM unnest(@operations, @types, @sources, @digests, @tags, @destinations)
                        WITH ORDINALITY AS i (operation, resource_type, src_repository, digest, tags, dst_repository, n)
                    ORDER BY i.n;
                    """,
                    P("execution", executionId),
                    P("target", targetKey),
                    P("at", ToUnixMs(at)),
                    P("operations", items.Select(i => ReplicationTaskText.Operation(i.Operation)).ToArray()),
                    P("types", items.Select(i => i.ResourceType).ToArray()),
                    P("sources", items.Select(i => i.SourceRepository).ToArray()),
                    P("digests", items.Select(i => i.Digest).ToArray()),
                    P("tags", items.Select(i => ReplicationTaskText.Tags(i.Tags)).ToArray()),
                    P("destinations", items.Select(i => i.DestinationRepository).ToArray()));
                return await insert.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
    }

    public async Task<bool> EndReplicationPlanningAsync(long executionId, string? error, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE replication_executions SET planning_ended = true, planning_error = COALESCE(@error, planning_error) WHERE id = @id;",
            cancellationToken,
            P("id", executionId),
            P("error", error)) > 0;

    public async Task<bool> FinishReplicationExecutionAsync(long id, string status, string statusText, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE replication_executions SET status = @status, status_text = @text, end_time = @at WHERE id = @id AND status = 'InProgress';",
            cancellationToken,
            P("id", id),
            P("status", status),
            P("text", statusText),
            P("at", ToUnixMs(at))) > 0;

    public Task<bool> StopReplicationExecutionAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var stopped = await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE replication_executions SET status = 'Stopped', status_text = 'Stopped on request', end_time = @at WHERE id = @id AND status = 'InProgress';",
                    cancellationToken,
                    P("id", id),
                    P("at", ToUnixMs(at)));
                if (stopped == 0)
                {
                    return false;
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE replication_tasks SET status = 'Stopped', end_time = @at, claimed_by = NULL WHERE execution_id = @id AND status = 'Pending';",
                    cancellationToken,
                    P("id", id),
                    P("at", ToUnixMs(at)));
                return true;
            },
            cancellationToken);

    public Task<int> RetryReplicationTasksAsync(long executionId, long? taskId, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var retried = await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    UPDATE replication_tasks SET status = 'Pending', attempts = 0, due_at = @at, bytes_sent = 0, claimed_by = NULL, end_time = NULL, {ReplicationLogAppend}
                    WHERE execution_id = @id AND status = 'Failed' AND (@task::bigint IS NULL OR id = @task);
                    """,
                    cancellationToken,
                    P("id", executionId),
                    P("task", taskId),
                    P("at", ToUnixMs(at)),
                    P("log", ReplicationRetryLogLine(at)),
                    P("logLimit", IReplicationExecutionMetadata.TaskLogLimit));
                if (retried > 0)
                {
                    await ExecuteAsync(
                        connection,
                        transaction,
                        "UPDATE replication_executions SET status = 'InProgress', status_text = '', end_time = NULL WHERE id = @id;",
                        cancellationToken,
                        P("id", executionId));
                }

                return retried;
            },
            cancellationToken);

    public async Task<ReplicationTaskRecord?> GetReplicationTaskAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {ReplicationExecutionRows.TaskColumns} FROM replication_tasks WHERE id = @id;", ReplicationExecutionRows.ReadTask, cancellationToken, P("id", id)))
        .FirstOrDefault();

    public async Task<string?> GetReplicationTaskLogAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT log FROM replication_tasks WHERE id = @id;", reader => reader.GetString(0), cancellationToken, P("id", id)))
        .FirstOrDefault();

    public Task<ListPage<ReplicationTaskRecord>> ListReplicationTasksAsync(
        long executionId, string? status, string? resourceType, int page, int pageSize, CancellationToken cancellationToken)
    {
        const string where = "execution_id = @execution AND (@status::text IS NULL OR status = @status) AND (@type::text IS NULL OR resource_type = @type)";
        return ReadReplicationPageAsync(
            $"SELECT {ReplicationExecutionRows.TaskColumns} FROM replication_tasks WHERE {where} ORDER BY id LIMIT @limit OFFSET @offset;",
            $"SELECT COUNT(*) FROM replication_tasks WHERE {where};",
            ReplicationExecutionRows.ReadTask,
            page,
            pageSize,
            () => [P("execution", executionId), P("status", status), P("type", resourceType)],
            cancellationToken);
    }

    public async Task<IReadOnlyList<ReplicationTaskRecord>> ClaimReplicationTasksAsync(
        long targetKey, string owner, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // SKIP LOCKED: two claimers (an old and a new activation during a silo failover) never take the same task.
        var claimed = await QueryAsync(
            $"""
            UPDATE replication_tasks SET status = 'InProgress', claimed_by = @owner, start_time = COALESCE(start_time, @now)
            WHERE id IN (
                SELECT id FROM replication_tasks WHERE target_key = @target AND status = 'Pending' AND due_at <= @now
                ORDER BY due_at, id LIMIT @limit FOR UPDATE SKIP LOCKED)
            RETURNING {ReplicationExecutionRows.TaskColumns};
            """,
            ReplicationExecutionRows.ReadTask,
            cancellationToken,
            P("owner", owner),
            P("target", targetKey),
            P("now", ToUnixMs(now)),
            P("limit", (long)limit));
        return [.. claimed.OrderBy(t => t.DueAt).ThenBy(t => t.Id)];
    }

    public async Task<DateTimeOffset?> NextReplicationTaskDueAsync(long targetKey, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT MIN(due_at) FROM replication_tasks WHERE target_key = @target AND status = 'Pending';",
            reader => reader.IsDBNull(0) ? (DateTimeOffset?)null : FromUnixMs(reader.GetInt64(0)),
            cancellationToken,
            P("target", targetKey)))[0];

    public Task<int> ReleaseOrphanedReplicationTasksAsync(long targetKey, string owner, string logLine, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var released = await ExecuteAsync(
                    connection,
                    transaction,
                    $"""
                    UPDATE replication_tasks SET status = 'Pending', claimed_by = NULL, due_at = @at, {ReplicationLogAppend}
                    WHERE target_key = @target AND status = 'InProgress' AND (claimed_by IS NULL OR claimed_by <> @owner);
                    """,
                    cancellationToken,
                    P("target", targetKey),
                    P("owner", owner),
                    P("at", ToUnixMs(at)),
                    P("log", logLine),
                    P("logLimit", IReplicationExecutionMetadata.TaskLogLimit));
                // Those of an execution stopped meanwhile do not run again.
                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    UPDATE replication_tasks SET status = 'Stopped', end_time = @at
                    WHERE target_key = @target AND status = 'Pending'
                      AND execution_id IN (SELECT id FROM replication_executions WHERE status <> 'InProgress');
                    """,
                    cancellationToken,
                    P("target", targetKey),
                    P("at", ToUnixMs(at)));
                return released;
            },
            cancellationToken);

    public async Task<bool> RescheduleReplicationTaskAsync(
        long id, string owner, int attempts, DateTimeOffset dueAt, long bytesSent, string log, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"""
            UPDATE replication_tasks SET status = 'Pending', claimed_by = NULL, attempts = @attempts, due_at = @due, bytes_sent = @bytes, {ReplicationLogAppend}
            WHERE id = @id AND status = 'InProgress' AND claimed_by = @owner;
            """,
            cancellationToken,
            P("id", id),
            P("owner", owner),
            P("attempts", attempts),
            P("due", ToUnixMs(dueAt)),
            P("bytes", bytesSent),
            P("log", log),
            P("logLimit", IReplicationExecutionMetadata.TaskLogLimit)) > 0;

    public async Task<bool> FinishReplicationTaskAsync(
        long id, string owner, string status, int attempts, long bytesSent, string log, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"""
            UPDATE replication_tasks SET status = @status, claimed_by = NULL, attempts = @attempts, bytes_sent = @bytes, end_time = @at, {ReplicationLogAppend}
            WHERE id = @id AND status = 'InProgress' AND claimed_by = @owner;
            """,
            cancellationToken,
            P("id", id),
            P("owner", owner),
            P("status", status),
            P("attempts", attempts),
            P("bytes", bytesSent),
            P("at", ToUnixMs(at)),
            P("log", log),
            P("logLimit", IReplicationExecutionMetadata.TaskLogLimit)) > 0;

    public async Task<IReadOnlyList<long>> ListReplicationTargetsWithWorkAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT DISTINCT target_key FROM replication_tasks WHERE status IN ('Pending', 'InProgress') ORDER BY target_key;",
            reader => reader.GetInt64(0),
            cancellationToken);

    public async Task<IReadOnlyList<long>> ListUnsettledReplicationExecutionsAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            """
            SELECT e.id FROM replication_executions e
            WHERE e.status = 'InProgress' AND e.planning_ended
              AND NOT EXISTS (SELECT 1 FROM replication_tasks t WHERE t.execution_id = e.id AND t.status IN ('Pending', 'InProgress'))
            ORDER BY e.id;
            """,
            reader => reader.GetInt64(0),
            cancellationToken);

    public async Task<IReadOnlyList<long>> ListUnplannedReplicationExecutionsAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            """
            SELECT id FROM replication_executions
            WHERE status = 'InProgress' AND NOT planning_ended
            ORDER BY id;
            """,
            reader => reader.GetInt64(0),
            cancellationToken);

    private static string ReplicationRetryLogLine(DateTimeOffset at) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} [INFO] Retry requested\n");

    private Task<ListPage<T>> ReadReplicationPageAsync<T>(
        string pageSql, string countSql, Func<NpgsqlDataReader, T> map, int page, int pageSize, Func<NpgsqlParameter[]> arguments,
        CancellationToken cancellationToken) =>
        SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                await using var command = Command(
                    connection, transaction, pageSql, [.. arguments(), P("limit", (long)pageSize), P("offset", (long)(page - 1) * pageSize)]);
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
