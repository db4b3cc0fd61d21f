using System.Data.Common;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Policies;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>Replication policies (migration 21).</summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly ReplicationPolicyListSql ReplicationPolicyList = new('$');

    public Task<ReplicationPolicy?> TryCreateReplicationPolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteAsync<ReplicationPolicy?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO replication_policies (name, description, creator, src_registry_id, dest_registry_id, dest_namespace,
                        dest_namespace_replace_count, filters_json, trigger_json, trigger_type, replicate_deletion, override, enabled, speed_kb,
                        copy_by_chunk, single_active_replication, creation_time, update_time)
                    VALUES ($name, $description, $creator, $src, $dest, $namespace, $count, $filters, $trigger, $triggerType, $deletion, $override,
                        $enabled, $speed, $chunk, $single, $created, $updated)
                    ON CONFLICT DO NOTHING
                    RETURNING {ReplicationPolicyListSql.BareColumns};
                    """,
                    ReplicationPolicyParameters(policy));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? ReplicationPolicyRows.Read(reader) : null;
            },
            cancellationToken);
    }

    public Task<ReplicationPolicy?> GetReplicationPolicyAsync(long id, CancellationToken cancellationToken) =>
        ReadAsync(
            async (connection, transaction) =>
            {
                var rows = await QueryReplicationPoliciesAsync(
                    connection, transaction, $"SELECT {ReplicationPolicyListSql.Columns} FROM replication_policies p WHERE p.id = $id;", cancellationToken, ("$id", id));
                return rows.Count == 0 ? null : rows[0];
            },
            cancellationToken);

    public Task<ReplicationPolicyChange> TryUpdateReplicationPolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteAsync(
            async (connection, transaction) =>
            {
                await using (var clash = Command(
                    connection, transaction, "SELECT 1 FROM replication_policies WHERE id <> $id AND name = $name;", ("$id", policy.Id), ("$name", policy.Name)))
                {
                    if (await clash.ExecuteScalarAsync(cancellationToken) is not null)
                    {
                        return ReplicationPolicyChange.Duplicate;
                    }
                }

                var updated = await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    UPDATE replication_policies SET name = $name, description = $description, src_registry_id = $src, dest_registry_id = $dest,
                        dest_namespace = $namespace, dest_namespace_replace_count = $count, filters_json = $filters, trigger_json = $trigger,
                        trigger_type = $triggerType, replicate_deletion = $deletion, override = $override, enabled = $enabled, speed_kb = $speed,
                        copy_by_chunk = $chunk, single_active_replication = $single, update_time = $updated
                    WHERE id = $id;
                    """,
                    cancellationToken,
                    [.. ReplicationPolicyParameters(policy), ("$id", policy.Id)]);
                return updated > 0 ? ReplicationPolicyChange.Changed : ReplicationPolicyChange.NotFound;
            },
            cancellationToken);
    }

    public Task<ReplicationPolicyDeletion> DeleteReplicationPolicyAsync(long id, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var deleted = await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    DELETE FROM replication_policies WHERE id = $id
                      AND NOT EXISTS (SELECT 1 FROM replication_executions WHERE policy_id = $id AND status = 'InProgress');
                    """,
                    cancellationToken,
                    ("$id", id));
                if (deleted == 0)
                {
                    await using var exists = Command(connection, transaction, "SELECT COUNT(*) FROM replication_policies WHERE id = $id;", ("$id", id));
                    return (long)(await exists.ExecuteScalarAsync(cancellationToken))! > 0 ? ReplicationPolicyDeletion.Running : ReplicationPolicyDeletion.NotFound;
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    """
                    DELETE FROM replication_tasks WHERE execution_id IN (SELECT id FROM replication_executions WHERE policy_id = $id);
                    DELETE FROM replication_execution_policies WHERE execution_id IN (SELECT id FROM replication_executions WHERE policy_id = $id);
                    DELETE FROM replication_executions WHERE policy_id = $id;
                    """,
                    cancellationToken,
                    ("$id", id));
                return ReplicationPolicyDeletion.Deleted;
            },
            cancellationToken);

    public Task<ListPage<ReplicationPolicy>> ListReplicationPoliciesAsync(ListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = ReplicationPolicyList.Build(query);
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = await QueryReplicationPoliciesAsync(connection, transaction, select, cancellationToken, arguments);
                return new ListPage<ReplicationPolicy>(items, total);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ReplicationPolicy>> ListReplicationPoliciesOfRegistryAsync(long registryId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ReplicationPolicy>>(
            async (connection, transaction) => await QueryReplicationPoliciesAsync(
                connection,
                transaction,
                $"SELECT {ReplicationPolicyListSql.Columns} FROM replication_policies p WHERE p.src_registry_id = $id OR p.dest_registry_id = $id ORDER BY p.id;",
                cancellationToken,
                ("$id", registryId)),
            cancellationToken);

    public Task<IReadOnlyList<ReplicationPolicy>> ListEventBasedReplicationPoliciesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ReplicationPolicy>>(
            async (connection, transaction) => await QueryReplicationPoliciesAsync(
                connection,
                transaction,
                $"""
                SELECT {ReplicationPolicyListSql.Columns} FROM replication_policies p
                WHERE p.enabled = 1 AND p.trigger_type = $type AND p.src_registry_id IS NULL ORDER BY p.id;
                """,
                cancellationToken,
                ("$type", ReplicationTriggers.EventBased)),
            cancellationToken);

    private static async Task<List<ReplicationPolicy>> QueryReplicationPoliciesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<ReplicationPolicy>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReplicationPolicyRows.Read(reader));
        }

        return items;
    }

    private static (string, object?)[] ReplicationPolicyParameters(ReplicationPolicy p) =>
    [
        ("$name", p.Name), ("$description", p.Description), ("$creator", p.Creator), ("$src", p.SourceRegistryId), ("$dest", p.DestinationRegistryId),
        ("$namespace", p.DestNamespace), ("$count", p.DestNamespaceReplaceCount), ("$filters", ReplicationPolicyJson.WriteFilters(p.Filters)),
        ("$trigger", ReplicationPolicyJson.WriteTrigger(p.Trigger)), ("$triggerType", p.Trigger.Type), ("$deletion", p.ReplicateDeletion),
        ("$override", p.Override), ("$enabled", p.Enabled), ("$speed", p.Speed), ("$chunk", p.CopyByChunk), ("$single", p.SingleActiveReplication),
        ("$created", ToUnixMs(p.CreationTime)), ("$updated", ToUnixMs(p.UpdateTime)),
    ];
}
