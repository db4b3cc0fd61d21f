using System.Globalization;
using ArtifactKeeper.Gc;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.HarborApi.Gc;

/// <summary>GC runs and the GC schedule in Harbor's response shapes.</summary>
public static class GcViews
{
    /// <summary>Harbor's <c>job_name</c> of every GC run.</summary>
    public const string JobName = "GARBAGE_COLLECTION";

    /// <summary>
    /// A run as Harbor's GCHistory: <c>job_kind</c> is the trigger (MANUAL, SCHEDULE) and the schedule object names it
    /// as a schedule type (Manual, Schedule) without a cron, as Harbor shows runs.
    /// </summary>
    public static GcHistoryModel History(GcRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new GcHistoryModel(
            run.Id,
            JobName,
            run.Trigger,
            GcParametersJson.Write(run.Parameters),
            new ScheduleObjModel(TitleCase(run.Trigger), string.Empty, null),
            run.Status.ToString(),
            false,
            run.CreatedAt.UtcDateTime,
            run.UpdatedAt.UtcDateTime);
    }

    public static GcScheduleModel Schedule(ScheduleEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new GcScheduleModel(
            string.Empty,
            entry.Cron,
            entry.Parameters,
            GcParametersJson.AsObject(entry.Parameters),
            new ScheduleObjModel(entry.Type, entry.Cron, entry.NextRunAt.UtcDateTime),
            false,
            entry.CreatedAt.UtcDateTime,
            entry.UpdatedAt.UtcDateTime);
    }

    private static string TitleCase(string value) =>
        value.Length == 0 ? value : value[..1].ToUpperInvariant() + value[1..].ToLower(CultureInfo.InvariantCulture);
}
