using ArtifactKeeper.Retention;
using ArtifactKeeper.Storage.Metadata.Queries;
using Npgsql;
using NpgsqlTypes;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Tag retention policies, executions and tasks.</summary>
public sealed partial class PostgresMetadataStore
{
    private const string RetentionPolicyColumns = "id, scope_level, project_id, algorithm, rules::text, trigger_settings::text, creation_time, update_time";
    private const string RetentionExecutionColumns = "id, policy_id, status, triggered_by, dry_run, start_time, end_time";
    private const string RetentionTaskColumns = "id, execution_id, repository, status, total, retained, start_time, end_time";

    public async Task<RetentionPolicy?> GetRetentionPolicyAsync(long id, CancellationToken cancellationToken) =>
        First(await QueryAsync($"SELECT {RetentionPolicyColumns} FROM retention_policies WHERE id = @id;", ReadRetentionPolicy, cancellationToken, P("id", id)));

    public async Task<RetentionPolicy?> FindRetentionPolicyOfProjectAsync(long projectId, CancellationToken cancellationToken) =>
        First(await QueryAsync(
            $"SELECT {RetentionPolicyColumns} FROM retention_policies WHERE project_id = @project;", ReadRetentionPolicy, cancellationToken, P("project", projectId)));

    public async Task<RetentionPolicy?> TryCreateRetentionPolicyAsync(RetentionPolicy policy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return First(await QueryAsync(
            $"""
            INSERT INTO retention_policies (scope_level, project_id, algorithm, rules, trigger_settings, creation_time, update_time)
            SELECT @level, @project, @algorithm, @rules, @trigger, @at, @at
            WHERE EXISTS (SELECT 1 FROM projects WHERE project_id = @project)
            ON CONFLICT (project_id) DO NOTHING
            RETURNING {RetentionPolicyColumns};
            """,
            ReadRetentionPolicy,
            cancellationToken,
            [P("level", policy.ScopeLevel), P("project", policy.ScopeReference), .. RetentionPolicyParameters(policy, at)]));
    }

    public async Task<RetentionPolicy?> UpdateRetentionPolicyAsync(RetentionPolicy policy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return First(await QueryAsync(
            $"""
            UPDATE retention_policies SET algorithm = @algorithm, rules = @rules, trigger_settings = @trigger, update_time = @at
            WHERE id = @id
            RETURNING {RetentionPolicyColumns};
            """,
            ReadRetentionPolicy,
            cancellationToken,
            [P("id", policy.Id), .. RetentionPolicyParameters(policy, at)]));
    }

    public async Task<bool> DeleteRetentionPolicyAsync(long id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM retention_policies WHERE id = @id;", cancellationToken, P("id", id)) > 0;

    public async Task<RetentionExecution> CreateRetentionExecutionAsync(long policyId, string trigger, bool dryRun, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await QueryAsync(
            $"""
            INSERT INTO retention_executions (policy_id, status, triggered_by, dry_run, start_time)
            VALUES (@policy, @status, @trigger, @dry, @at)
            RETURNING {RetentionExecutionColumns};
            """,
            ReadRetentionExecution,
            cancellationToken,
            P("policy", policyId),
            P("status", RetentionStatus.Running),
            P("trigger", trigger),
            P("dry", dryRun),
            P("at", ToUnixMs(at))))[0];

    public async Task<bool> UpdateRetentionExecutionAsync(long id, string status, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE retention_executions SET status = @status, end_time = @end WHERE id = @id;",
            cancellationToken,
            P("id", id),
            P("status", status),
            P<long?>("end", RetentionStatus.IsFinal(status) ? ToUnixMs(at) : null)) > 0;

    public async Task<RetentionExecution?> GetRetentionExecutionAsync(long id, CancellationToken cancellationToken) =>
        First(await QueryAsync($"SELECT {RetentionExecutionColumns} FROM retention_executions WHERE id = @id;", ReadRetentionExecution, cancellationToken, P("id", id)));

    public Task<ListPage<RetentionExecution>> ListRetentionExecutionsAsync(long policyId, int page, int pageSize, CancellationToken cancellationToken) =>
        ReadRetentionPageAsync(
            $"SELECT {RetentionExecutionColumns} FROM retention_executions WHERE policy_id = @owner ORDER BY id DESC LIMIT @limit OFFSET @offset;",
            "SELECT COUNT(*) FROM retention_executions WHERE policy_id = @owner;",
            ReadRetentionExecution,
            policyId,
            page,
            pageSize,
            cancellationToken);

    public Task<int> FailUnfinishedRetentionExecutionsAsync(long policyId, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    UPDATE retention_tasks SET status = 'Error', end_time = @at, log = log || @reason
                    WHERE status IN ('Pending', 'Running')
                      AND execution_id IN (SELECT id FROM retention_executions WHERE policy_id = @policy);
                    """,
                    cancellationToken,
                    P("policy", policyId),
                    P("reason", reason),
                    P("at", ToUnixMs(at)));
                return await ExecuteAsync(
                    connection,
                    transaction,
                    "UPDATE retention_executions SET status = 'Error', end_time = @at WHERE policy_id = @policy AND status IN ('Pending', 'Running');",
                    cancellationToken,
                    P("policy", policyId),
                    P("at", ToUnixMs(at)));
            },
            cancellationToken);

    public async Task<RetentionTask> CreateRetentionTaskAsync(long executionId, string repository, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await QueryAsync(
            $"""
            INSERT INTO retention_tasks (execution_id, repository, status, total, retained, start_time, log)
            VALUES (@execution, @repository, @status, 0, 0, @at, '')
            RETURNING {RetentionTaskColumns};
            """,
            ReadRetentionTask,
            cancellationToken,
            P("execution", executionId),
            P("repository", repository),
            P("status", RetentionStatus.Running),
            P("at", ToUnixMs(at))))[0];

    public async Task<bool> FinishRetentionTaskAsync(long id, string status, int total, int retained, string log, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE retention_tasks SET status = @status, total = @total, retained = @retained, log = @log, end_time = @at WHERE id = @id;",
            cancellationToken,
            P("id", id),
            P("status", status),
            P("total", total),
            P("retained", retained),
            P("log", log),
            P("at", ToUnixMs(at))) > 0;

    public async Task<RetentionTask?> GetRetentionTaskAsync(long id, CancellationToken cancellationToken) =>
        First(await QueryAsync($"SELECT {RetentionTaskColumns} FROM retention_tasks WHERE id = @id;", ReadRetentionTask, cancellationToken, P("id", id)));

    public async Task<string?> GetRetentionTaskLogAsync(long id, CancellationToken cancellationToken) =>
        First(await QueryAsync("SELECT log FROM retention_tasks WHERE id = @id;", reader => reader.GetString(0), cancellationToken, P("id", id)));

    public Task<ListPage<RetentionTask>> ListRetentionTasksAsync(long executionId, int page, int pageSize, CancellationToken cancellationToken) =>
        ReadRetentionPageAsync(
            $"SELECT {RetentionTaskColumns} FROM retention_tasks WHERE execution_id = @owner ORDER BY id LIMIT @limit OFFSET @offset;",
            "SELECT COUNT(*) FROM retention_tasks WHERE execution_id = @owner;",
            ReadRetentionTask,
            executionId,
            page,
            pageSize,
            cancellationToken);

    private Task<ListPage<T>> ReadRetentionPageAsync<T>(
        string pageSql, string countSql, Func<NpgsqlDataReader, T> map, long owner, int page, int pageSize, CancellationToken cancellationToken) =>
        SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, P("owner", owner));
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                await using var command = Command(
                    connection, transaction, pageSql, P("owner", owner), P("limit", (long)pageSize), P("offset", (long)(page - 1) * pageSize));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var items = new List<T>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(map(reader));
                }

                return new ListPage<T>(items, total);
            },
            cancellationToken);

    private static T? First<T>(List<T> rows)
        where T : class =>
        rows.Count == 0 ? null : rows[0];

    private static NpgsqlParameter[] RetentionPolicyParameters(RetentionPolicy policy, DateTimeOffset at) =>
    [
        P("algorithm", policy.Algorithm),
        new NpgsqlParameter<string>("rules", NpgsqlDbType.Jsonb) { TypedValue = RetentionPolicyJson.Rules(policy.Rules) },
        new NpgsqlParameter<string>("trigger", NpgsqlDbType.Jsonb) { TypedValue = RetentionPolicyJson.Trigger(policy.Trigger) },
        P("at", ToUnixMs(at)),
    ];

    private static RetentionPolicy ReadRetentionPolicy(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), RetentionPolicyJson.ReadRules(reader.GetString(4)),
            RetentionPolicyJson.ReadTrigger(reader.GetString(5)), FromUnixMs(reader.GetInt64(6)), FromUnixMs(reader.GetInt64(7)));

    private static RetentionExecution ReadRetentionExecution(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), FromUnixMs(reader.GetInt64(5)),
            reader.IsDBNull(6) ? null : FromUnixMs(reader.GetInt64(6)));

    private static RetentionTask ReadRetentionTask(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5),
            FromUnixMs(reader.GetInt64(6)), reader.IsDBNull(7) ? null : FromUnixMs(reader.GetInt64(7)));
}
