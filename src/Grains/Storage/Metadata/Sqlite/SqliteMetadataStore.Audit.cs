using System.Data.Common;
using ArtifactKeeper.Audit;
using ArtifactKeeper.Storage.Metadata.Queries;
using ArtifactKeeper.Storage.Metadata.Rows;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>The audit log: batched appends, the Harbor listing, retention purge.</summary>
public sealed partial class SqliteMetadataStore
{
    private static readonly AuditLogSql AuditList = new('$');

    /// <remarks>One prepared statement, re-bound per row: cheaper in SQLite than multi-row VALUES lists, which must be parsed anew.</remarks>
    public Task AppendAuditEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    """
                    INSERT INTO audit_log (project_id, username, resource, resource_type, operation, op_result, op_desc, op_time)
                    VALUES ($project, $username, $resource, $type, $operation, $result, $description, $at);
                    """,
                    ("$project", null),
                    ("$username", string.Empty),
                    ("$resource", string.Empty),
                    ("$type", string.Empty),
                    ("$operation", string.Empty),
                    ("$result", 0),
                    ("$description", null),
                    ("$at", 0L));
                command.Prepare();
                var p = command.Parameters;
                foreach (var e in events)
                {
                    p[0].Value = e.ProjectId is { } id ? id : DBNull.Value;
                    p[1].Value = e.Username;
                    p[2].Value = e.Resource;
                    p[3].Value = e.ResourceType;
                    p[4].Value = e.Operation;
                    p[5].Value = e.Succeeded ? 1 : 0;
                    p[6].Value = (object?)e.Description ?? DBNull.Value;
                    p[7].Value = ToUnixMs(e.OpTime);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            },
            cancellationToken);
    }

    public Task<AuditLogPage> ListAuditLogsAsync(AuditLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (select, countSql, parameters) = AuditList.Build(query);
        var arguments = parameters.Select(p => (p.Name, (object?)p.Value)).ToArray();
        return ReadAsync(
            async (connection, transaction) =>
            {
                await using var count = Command(connection, transaction, countSql, arguments);
                var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                var items = new List<AuditLogEntry>();
                await using var command = Command(connection, transaction, select, arguments);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    items.Add(AuditRows.Read(reader));
                }

                return new AuditLogPage(items, total);
            },
            cancellationToken);
    }

    public Task<long> PurgeAuditLogsAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync<long>(
            async (connection, transaction) =>
                await ExecuteAsync(connection, transaction, "DELETE FROM audit_log WHERE op_time < $before;", cancellationToken, ("$before", ToUnixMs(before))),
            cancellationToken);
}
