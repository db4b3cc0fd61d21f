using System.Data.Common;
using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Storage.Metadata.Rows;

/// <summary>Reads a <c>schedules</c> row selected as <see cref="Columns"/>.</summary>
internal static class ScheduleRows
{
    public const string Columns = "kind, job_key, type, cron, parameters, next_run_at, last_run_at, creation_time, update_time";

    public static ScheduleEntry Read(DbDataReader reader) =>
        new(
            new ScheduledJobKey(reader.GetString(0), reader.GetString(1)),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetInstant(5),
            reader.GetInstantOrNull(6),
            reader.GetInstant(7),
            reader.GetInstant(8));
}
