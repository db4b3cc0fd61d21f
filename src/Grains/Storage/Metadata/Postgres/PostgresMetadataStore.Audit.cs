using ArtifactKeeper.Audit;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>The audit log: batched appends, the Harbor listing, retention purge.</summary>
public sealed partial class PostgresMetadataStore
{
    private static readonly AuditLogSql AuditList = new('@');

    /// <remarks>One multi-row INSERT from arrays: a batch costs one round trip and one commit whatever its size.</remarks>
    public async Task AppendAuditEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        await ExecuteAsync(
            """
            INSERT INTO audit_log (project_id, username, resource, resource_type, operation, op_result, op_desc, op_time)
            SELECT project_id, username, resource, resource_type, operation, op_result, op_desc, op_time
            FROM unnest(@projects, @usernames, @resources, @types, @operations, @results, @descriptions, @times) WITH ORDINALITY
                AS e (project_id, username, resource, resource_type, operation, op_result, op_desc, op_time, n)
            ORDER BY n;
            """,
            cancellationToken,
            P("projects", events.Select(e => e.ProjectId).ToArray()),
            P("usernames", events.Select(e => e.Username).ToArray()),
            P("resources", events.Select(e => e.Resource).ToArray()),
            P("types", events.Select(e => e.ResourceType).ToArray()),
            P("operations", events.Select(e => e.Operation).ToArray()),
            P("results", events.Select(e => e.Succeeded).ToArray()),
            P("descriptions", events.Select(e => e.Description).ToArray()),
            P("times", events.Select(e => ToUnixMs(e.OpTime)).ToArray()));
    }

    public Task<AuditLogPage> ListAuditLogsAsync(AuditLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = AuditList.Build(query);
        NpgsqlParameter[] Arguments() => parameters.Select(p => new NpgsqlParameter(p.Name.TrimStart('@'), p.Value)).ToArray();
        return SnapshotAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, Arguments());
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<AuditLogEntry>();
                await using var command = Command(connection, transaction, select, Arguments());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(AuditRows.Read(reader));
                }

                return new AuditLogPage(items, total);
            },
            cancellationToken);
    }

    public async Task<long> PurgeAuditLogsAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM audit_log WHERE op_time < @before;", cancellationToken, P("before", ToUnixMs(before)));
}
