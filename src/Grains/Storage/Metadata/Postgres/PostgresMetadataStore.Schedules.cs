using ArtifactKeeper.Scheduling;
using ArtifactKeeper.Storage.Metadata.Rows;
using Npgsql;

namespace ArtifactKeeper.Storage.Metadata.Postgres;

/// <summary>The scheduler's schedules.</summary>
public sealed partial class PostgresMetadataStore
{
    public async Task<IReadOnlyList<ScheduleEntry>> ListSchedulesAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {ScheduleRows.Columns} FROM schedules ORDER BY kind, job_key;", ScheduleRows.Read, cancellationToken);

    public async Task<ScheduleEntry?> GetScheduleAsync(ScheduledJobKey job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var rows = await QueryAsync(
            $"SELECT {ScheduleRows.Columns} FROM schedules WHERE kind = @kind AND job_key = @key;", ScheduleRows.Read, cancellationToken, P("kind", job.Kind), P("key", job.Key));
        return rows.SingleOrDefault();
    }

    public async Task<ScheduleEntry> SaveScheduleAsync(ScheduleEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var rows = await QueryAsync(
            $"""
            INSERT INTO schedules ({ScheduleRows.Columns})
            VALUES (@kind, @key, @type, @cron, @parameters, @next, @last, @created, @updated)
            ON CONFLICT (kind, job_key) DO UPDATE SET
                type = excluded.type, cron = excluded.cron, parameters = excluded.parameters,
                next_run_at = excluded.next_run_at, update_time = excluded.update_time
            RETURNING {ScheduleRows.Columns};
            """,
            ScheduleRows.Read,
            cancellationToken,
            P("kind", entry.Job.Kind),
            P("key", entry.Job.Key),
            P("type", entry.Type),
            P("cron", entry.Cron),
            P("parameters", entry.Parameters),
            P("next", ToUnixMs(entry.NextRunAt)),
            P<long?>("last", entry.LastRunAt is { } last ? ToUnixMs(last) : null),
            P("created", ToUnixMs(entry.CreatedAt)),
            P("updated", ToUnixMs(entry.UpdatedAt)));
        return rows.Single();
    }

    public async Task<bool> RecordScheduleRunAsync(ScheduledJobKey job, DateTimeOffset lastRunAt, DateTimeOffset nextRunAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await ExecuteAsync(
            "UPDATE schedules SET last_run_at = @last, next_run_at = @next, update_time = @last WHERE kind = @kind AND job_key = @key;",
            cancellationToken,
            P("kind", job.Kind),
            P("key", job.Key),
            P("last", ToUnixMs(lastRunAt)),
            P("next", ToUnixMs(nextRunAt))) > 0;
    }

    public async Task<bool> DeleteScheduleAsync(ScheduledJobKey job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await ExecuteAsync(
            "DELETE FROM schedules WHERE kind = @kind AND job_key = @key;", cancellationToken, P("kind", job.Kind), P("key", job.Key)) > 0;
    }
}
