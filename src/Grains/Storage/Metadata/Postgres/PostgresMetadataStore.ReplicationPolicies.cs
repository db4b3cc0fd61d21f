using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>Replication policies (migration 21).</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly ReplicationPolicyListSql ReplicationPolicyList = new('@');

    public async Task<ReplicationPolicy?> TryCreateReplicationPolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var rows = await QueryAsync(
            $"""
            INSERT INTO replication_policies (name, description, creator, src_registry_id, dest_registry_id, dest_namespace,
                dest_namespace_replace_count, filters_json, trigger_json, trigger_type, replicate_deletion, override, enabled, speed_kb,
                copy_by_chunk, single_active_replication, creation_time, update_time)
            VALUES (@name, @description, @creator, @src, @dest, @namespace, @count, @filters, @trigger, @triggerType, @deletion, @override,
                @enabled, @speed, @chunk, @single, @created, @updated)
            ON CONFLICT DO NOTHING
            RETURNING {ReplicationPolicyListSql.BareColumns};
            """,
            ReplicationPolicyRows.Read,
            cancellationToken,
            ReplicationPolicyParameters(policy));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<ReplicationPolicy?> GetReplicationPolicyAsync(long id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {ReplicationPolicyListSql.Columns} FROM replication_policies p WHERE p.id = @id;", ReplicationPolicyRows.Read, cancellationToken, P("id", id));
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<ReplicationPolicyChange> TryUpdateReplicationPolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        try
        {
            var updated = await ExecuteAsync(
                """
                UPDATE replication_policies SET name = @name, description = @description, src_registry_id = @src, dest_registry_id = @dest,
                    dest_namespace = @namespace, dest_namespace_replace_count = @count, filters_json = @filters, trigger_json = @trigger,
                    trigger_type = @triggerType, replicate_deletion = @deletion, override = @override, enabled = @enabled, speed_kb = @speed,
                    copy_by_chunk = @chunk, single_active_replication = @single, update_time = @updated
                WHERE id = @id;
                """,
                cancellationToken,
                [.. ReplicationPolicyParameters(policy), P("id", policy.Id)]);
            return updated > 0 ? ReplicationPolicyChange.Changed : ReplicationPolicyChange.NotFound;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return ReplicationPolicyChange.Duplicate;
        }
    }

    public Task<ReplicationPolicyDeletion> DeleteReplicationPolicyAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                // Row lock first, so the check below reads after any start that holds the row (StartReplicationExecutionAsync)
                // has committed its execution, and starts arriving later wait for this delete and find the policy gone.
                await ExecuteAsync(connection, transaction, "SELECT 1 FROM replication_policies WHERE id = @id FOR UPDATE;", cancellationToken, P("id", id));
                var deleted = await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    DELETE FROM replication_policies WHERE id = @id
                      AND NOT EXISTS (SELECT 1 FROM replication_executions WHERE policy_id = @id AND status = 'InProgress');
                    """,
                    cancellationToken,
                    P("id", id));
                if (deleted == 0)
                {
                    await using var exists = Command(connection, transaction, "SELECT COUNT(*) FROM replication_policies WHERE id = @id;", P("id", id));
                    return (long)(await exists.ExecuteScalarAsync(cancellationToken))! > 0 ? ReplicationPolicyDeletion.Running : ReplicationPolicyDeletion.NotFound;
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    "DELETE FROM replication_tasks WHERE execution_id IN (SELECT id FROM replication_executions WHERE policy_id = @id);",
                    cancellationToken,
                    P("id", id));
                await ExecuteAsync(
                    connection,
                    transaction,
                    "DELETE FROM replication_execution_policies WHERE execution_id IN (SELECT id FROM replication_executions WHERE policy_id = @id);",
                    cancellationToken,
                    P("id", id));
                await ExecuteAsync(connection, transaction, "DELETE FROM replication_executions WHERE policy_id = @id;", cancellationToken, P("id", id));
                return ReplicationPolicyDeletion.Deleted;
            },
            cancellationToken);

    public Task<ListPage<ReplicationPolicy>> ListReplicationPoliciesAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = ReplicationPolicyList.Build(query);
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<ReplicationPolicy>();
                await using var command = Command(connection, transaction, select, Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(ReplicationPolicyRows.Read(reader));
                }

                return new ListPage<ReplicationPolicy>(items, total);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ReplicationPolicy>> ListReplicationPoliciesOfRegistryAsync(long registryId, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {ReplicationPolicyListSql.Columns} FROM replication_policies p WHERE p.src_registry_id = @id OR p.dest_registry_id = @id ORDER BY p.id;",
            ReplicationPolicyRows.Read,
            cancellationToken,
            P("id", registryId));

    public async Task<IReadOnlyList<ReplicationPolicy>> ListEventBasedReplicationPoliciesAsync(CancellationToken cancellationToken) =>
        await QueryAsync(
            $"""
            SELECT {ReplicationPolicyListSql.Columns} FROM replication_policies p
            WHERE p.enabled AND p.trigger_type = @type AND p.src_registry_id IS NULL ORDER BY p.id;
            """,
            ReplicationPolicyRows.Read,
            cancellationToken,
            P("type", ReplicationTriggers.EventBased));

    private static NpgsqlParameter[] ReplicationPolicyParameters(ReplicationPolicy p) =>
    [
        P("name", p.Name), P("description", p.Description), P("creator", p.Creator), P("src", p.SourceRegistryId), P("dest", p.DestinationRegistryId),
        P("namespace", p.DestNamespace), P("count", p.DestNamespaceReplaceCount), P("filters", ReplicationPolicyJson.WriteFilters(p.Filters)),
        P("trigger", ReplicationPolicyJson.WriteTrigger(p.Trigger)), P("triggerType", p.Trigger.Type), P("deletion", p.ReplicateDeletion),
        P("override", p.Override), P("enabled", p.Enabled), P("speed", p.Speed), P("chunk", p.CopyByChunk), P("single", p.SingleActiveReplication),
        P("created", ToUnixMs(p.CreationTime)), P("updated", ToUnixMs(p.UpdateTime)),
    ];
}
