using ArtifactKeeper.Retention;
using ArtifactKeeper.Storage.Metadata.Queries;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Tag retention policies, executions and tasks.</summary>
public sealed partial class SqliteMetadataStore
{
    private const string RetentionPolicyColumns = "id, scope_level, project_id, algorithm, rules, trigger_settings, creation_time, update_time";
    private const string RetentionExecutionColumns = "id, policy_id, status, triggered_by, dry_run, start_time, end_time";
    private const string RetentionTaskColumns = "id, execution_id, repository, status, total, retained, start_time, end_time";

    public Task<RetentionPolicy?> GetRetentionPolicyAsync(long id, CancellationToken cancellationToken) =>
        ReadRetentionRowAsync($"SELECT {RetentionPolicyColumns} FROM retention_policies WHERE id = $id;", ReadRetentionPolicy, cancellationToken, ("$id", id));

    public Task<RetentionPolicy?> FindRetentionPolicyOfProjectAsync(long projectId, CancellationToken cancellationToken) =>
        ReadRetentionRowAsync(
            $"SELECT {RetentionPolicyColumns} FROM retention_policies WHERE project_id = $project;", ReadRetentionPolicy, cancellationToken, ("$project", projectId));

    public Task<RetentionPolicy?> TryCreateRetentionPolicyAsync(RetentionPolicy policy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteRetentionRowAsync(
            $"""
            INSERT INTO retention_policies (scope_level, project_id, algorithm, rules, trigger_settings, creation_time, update_time)
            SELECT $level, $project, $algorithm, $rules, $trigger, $at, $at
            WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = $project)
              AND NOT EXISTS (SELECT 1 FROM retention_policies WHERE project_id = $project)
            RETURNING {RetentionPolicyColumns};
            """,
            ReadRetentionPolicy,
            cancellationToken,
            ("$level", policy.ScopeLevel),
            ("$project", policy.ScopeReference),
            ("$algorithm", policy.Algorithm),
            ("$rules", RetentionPolicyJson.Rules(policy.Rules)),
            ("$trigger", RetentionPolicyJson.Trigger(policy.Trigger)),
            ("$at", ToUnixMs(at)));
    }

    public Task<RetentionPolicy?> UpdateRetentionPolicyAsync(RetentionPolicy policy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteRetentionRowAsync(
            $"""
            UPDATE retention_policies SET algorithm = $algorithm, rules = $rules, trigger_settings = $trigger, update_time = $at
            WHERE id = $id
            RETURNING {RetentionPolicyColumns};
            """,
            ReadRetentionPolicy,
            cancellationToken,
            ("$id", policy.Id),
            ("$algorithm", policy.Algorithm),
            ("$rules", RetentionPolicyJson.Rules(policy.Rules)),
            ("$trigger", RetentionPolicyJson.Trigger(policy.Trigger)),
            ("$at", ToUnixMs(at)));
    }

    public Task<bool> DeleteRetentionPolicyAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
                await ExecuteAsync(connection, transaction, "DELETE FROM retention_policies WHERE id = $id;", cancellationToken, ("$id", id)) > 0,
            cancellationToken);

    public async Task<RetentionExecution> CreateRetentionExecutionAsync(long policyId, string trigger, bool dryRun, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteRetentionRowAsync(
            $"""
            INSERT INTO retention_executions (policy_id, status, triggered_by, dry_run, start_time)
            VALUES ($policy, $status, $trigger, $dry, $at)
            RETURNING {RetentionExecutionColumns};
            """,
            ReadRetentionExecution,
            cancellationToken,
            ("$policy", policyId),
            ("$status", RetentionStatus.Running),
            ("$trigger", trigger),
            ("$dry", dryRun ? 1 : 0),
            ("$at", ToUnixMs(at))) ?? throw new InvalidOperationException("the execution row was not returned");

    public Task<bool> UpdateRetentionExecutionAsync(long id, string status, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE retention_executions SET status = $status, end_time = CASE WHEN $final THEN $at ELSE NULL END WHERE id = $id;",
                cancellationToken,
                ("$id", id),
                ("$status", status),
                ("$final", RetentionStatus.IsFinal(status) ? 1 : 0),
                ("$at", ToUnixMs(at))) > 0,
            cancellationToken);

    public Task<RetentionExecution?> GetRetentionExecutionAsync(long id, CancellationToken cancellationToken) =>
        ReadRetentionRowAsync($"SELECT {RetentionExecutionColumns} FROM retention_executions WHERE id = $id;", ReadRetentionExecution, cancellationToken, ("$id", id));

    public Task<ListPage<RetentionExecution>> ListRetentionExecutionsAsync(long policyId, int page, int pageSize, CancellationToken cancellationToken) =>
        ReadRetentionPageAsync(
            $"SELECT {RetentionExecutionColumns} FROM retention_executions WHERE policy_id = $owner ORDER BY id DESC LIMIT $limit OFFSET $offset;",
            "SELECT COUNT(*) FROM retention_executions WHERE policy_id = $owner;",
            ReadRetentionExecution,
            policyId,
            page,
            pageSize,
            cancellationToken);

    public Task<int> FailUnfinishedRetentionExecutionsAsync(long policyId, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                (string, object?)[] arguments = [("$policy", policyId), ("$reason", reason), ("$at", ToUnixMs(at))];
                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    UPDATE retention_tasks SET status = 'Error', end_time = $at, log = log || $reason
                    WHERE status IN ('Pending', 'Running')
                      AND execution_id IN (SELECT id FROM retention_executions WHERE policy_id = $policy);
                    """,
                    cancellationToken,
                    arguments);
                return await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE retention_executions SET status = 'Error', end_time = $at WHERE policy_id = $policy AND status IN ('Pending', 'Running');",
                    cancellationToken,
                    arguments);
            },
            cancellationToken);

    public async Task<RetentionTask> CreateRetentionTaskAsync(long executionId, string repository, DateTimeOffset at, CancellationToken cancellationToken) =>
        await WriteRetentionRowAsync(
            $"""
            INSERT INTO retention_tasks (execution_id, repository, status, total, retained, start_time, log)
            VALUES ($execution, $repository, $status, 0, 0, $at, '')
            RETURNING {RetentionTaskColumns};
            """,
            ReadRetentionTask,
            cancellationToken,
            ("$execution", executionId),
            ("$repository", repository),
            ("$status", RetentionStatus.Running),
            ("$at", ToUnixMs(at))) ?? throw new InvalidOperationException("the task row was not returned");

    public Task<bool> FinishRetentionTaskAsync(long id, string status, int total, int retained, string log, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE retention_tasks SET status = $status, total = $total, retained = $retained, log = $log, end_time = $at WHERE id = $id;",
                cancellationToken,
                ("$id", id),
                ("$status", status),
                ("$total", total),
                ("$retained", retained),
                ("$log", log),
                ("$at", ToUnixMs(at))) > 0,
            cancellationToken);

    public Task<RetentionTask?> GetRetentionTaskAsync(long id, CancellationToken cancellationToken) =>
        ReadRetentionRowAsync($"SELECT {RetentionTaskColumns} FROM retention_tasks WHERE id = $id;", ReadRetentionTask, cancellationToken, ("$id", id));

    public Task<string?> GetRetentionTaskLogAsync(long id, CancellationToken cancellationToken) =>
        ReadRetentionRowAsync("SELECT log FROM retention_tasks WHERE id = $id;", reader => reader.GetString(0), cancellationToken, ("$id", id));

    public Task<ListPage<RetentionTask>> ListRetentionTasksAsync(long executionId, int page, int pageSize, CancellationToken cancellationToken) =>
        ReadRetentionPageAsync(
            $"SELECT {RetentionTaskColumns} FROM retention_tasks WHERE execution_id = $owner ORDER BY id LIMIT $limit OFFSET $offset;",
            "SELECT COUNT(*) FROM retention_tasks WHERE execution_id = $owner;",
            ReadRetentionTask,
            executionId,
            page,
            pageSize,
            cancellationToken);

    private Task<T?> ReadRetentionRowAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string, object?)[] arguments)
        where T : class =>
        ReadAsync<T?>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, sql, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
            },
            cancellationToken);

    private Task<T?> WriteRetentionRowAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string, object?)[] arguments)
        where T : class =>
        WriteAsync<T?>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, sql, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
            },
            cancellationToken);

    private Task<ListPage<T>> ReadRetentionPageAsync<T>(
        string pageSql, string countSql, Func<SqliteDataReader, T> map, long owner, int page, int pageSize, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, ("$owner", owner));
                var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                await using var command = Command(
                    connection, transaction, pageSql, ("$owner", owner), ("$limit", pageSize), ("$offset", (long)(page - 1) * pageSize));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var items = new List<T>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(map(reader));
                }

                return new ListPage<T>(items, total);
            },
            cancellationToken);

    private static RetentionPolicy ReadRetentionPolicy(SqliteDataReader reader) =>
        new(
            reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), RetentionPolicyJson.ReadRules(reader.GetString(4)),
            RetentionPolicyJson.ReadTrigger(reader.GetString(5)), FromUnixMs(reader.GetInt64(6)), FromUnixMs(reader.GetInt64(7)));

    private static RetentionExecution ReadRetentionExecution(SqliteDataReader reader) =>
        new(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4) != 0, FromUnixMs(reader.GetInt64(5)),
            reader.IsDBNull(6) ? null : FromUnixMs(reader.GetInt64(6)));

    private static RetentionTask ReadRetentionTask(SqliteDataReader reader) =>
        new(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
            FromUnixMs(reader.GetInt64(6)), reader.IsDBNull(7) ? null : FromUnixMs(reader.GetInt64(7)));
}
