using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata.Rows;
using Microsoft.Data.Sqlite;

namespace ArtifactKeeper.Storage.Metadata.Sqlite;

/// <summary>The scheduler's schedules.</summary>
public sealed partial class SqliteMetadataStore
{
    public Task<IReadOnlyList<ScheduleEntry>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ScheduleEntry>>(
            async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, $"SELECT {ScheduleRows.Columns} FROM schedules ORDER BY kind, job_key;");
                return await ReadSchedulesAsync(command, cancellationToken);
            },
            cancellationToken);

    public Task<ScheduleEntry?> GetScheduleAsync(ScheduledJobKey job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return ReadAsync<ScheduleEntry?>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection, transaction, $"SELECT {ScheduleRows.Columns} FROM schedules WHERE kind = $kind AND job_key = $key;", ("$kind", job.Kind), ("$key", job.Key));
                return (await ReadSchedulesAsync(command, cancellationToken)).SingleOrDefault();
            },
            cancellationToken);
    }

    public Task<ScheduleEntry> SaveScheduleAsync(ScheduleEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync<ScheduleEntry>(
            async (connection, transaction) =>
            {
                await using var command = Command(
                    connection,
                    transaction,
                    $"""
                    INSERT INTO schedules ({ScheduleRows.Columns})
                    VALUES ($kind, $key, $type, $cron, $parameters, $next, $last, $created, $updated)
                    ON CONFLICT (kind, job_key) DO UPDATE SET
                        type = excluded.type, cron = excluded.cron, parameters = excluded.parameters,
                        next_run_at = excluded.next_run_at, update_time = excluded.update_time
                    RETURNING {ScheduleRows.Columns};
                    """,
                    ("$kind", entry.Job.Kind),
                    ("$key", entry.Job.Key),
                    ("$type", entry.Type),
                    ("$cron", entry.Cron),
                    ("$parameters", entry.Parameters),
                    ("$next", ToUnixMs(entry.NextRunAt)),
                    ("$last", entry.LastRunAt is { } last ? ToUnixMs(last) : null),
                    ("$created", ToUnixMs(entry.CreatedAt)),
                    ("$updated", ToUnixMs(entry.UpdatedAt)));
                return (await ReadSchedulesAsync(command, cancellationToken)).Single();
            },
            cancellationToken);
    }

    public Task<bool> RecordScheduleRunAsync(ScheduledJobKey job, DateTimeOffset lastRunAt, DateTimeOffset nextRunAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection,
                transaction,
                "UPDATE schedules SET last_run_at = $last, next_run_at = $next, update_time = $last WHERE kind = $kind AND job_key = $key;",
                cancellationToken,
                ("$kind", job.Kind),
                ("$key", job.Key),
                ("$last", ToUnixMs(lastRunAt)),
                ("$next", ToUnixMs(nextRunAt))) > 0,
            cancellationToken);
    }

    public Task<bool> DeleteScheduleAsync(ScheduledJobKey job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return WriteAsync(
            async (connection, transaction) => await ExecuteAsync(
                connection, transaction, "DELETE FROM schedules WHERE kind = $kind AND job_key = $key;", cancellationToken, ("$kind", job.Kind), ("$key", job.Key)) > 0,
            cancellationToken);
    }

    private static async Task<List<ScheduleEntry>> ReadSchedulesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ScheduleEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ScheduleRows.Read(reader));
        }

        return entries;
    }
}
