using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// The scheduler's cron schedules, one per job (kind and key); written only by the scheduler grain, which loads them
/// all on activation. Harbor's type and cron are stored as validated; the job's parameters as its JSON.
/// </summary>
public interface IScheduleMetadata
{
    /// <summary>Every schedule, ordered by kind and key.</summary>
    Task<IReadOnlyList<ScheduleEntry>> ListSchedulesAsync(CancellationToken cancellationToken);

    Task<ScheduleEntry?> GetScheduleAsync(ScheduledJobKey job, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the schedule of <see cref="ScheduleEntry.Job"/> or replaces type, cron, parameters, next run and update
    /// time of the stored one (its creation time and last run stay); answers the stored row.
    /// </summary>
    Task<ScheduleEntry> SaveScheduleAsync(ScheduleEntry entry, CancellationToken cancellationToken);

    /// <summary>Records a firing: last run, next run and update time; false when the job has no schedule.</summary>
    Task<bool> RecordScheduleRunAsync(ScheduledJobKey job, DateTimeOffset lastRunAt, DateTimeOffset nextRunAt, CancellationToken cancellationToken);

    /// <summary>Deletes the schedule of <paramref name="job"/>; false when it had none.</summary>
    Task<bool> DeleteScheduleAsync(ScheduledJobKey job, CancellationToken cancellationToken);
}
