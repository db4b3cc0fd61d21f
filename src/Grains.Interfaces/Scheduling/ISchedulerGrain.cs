namespace ArtifactKeeper.Scheduling;

/// <summary>
/// The cluster's one scheduler (key <see cref="SingletonKey"/>): periodic jobs (GC, retention policies, replication
/// policies, scan-all) by job key, kept in the metadata store so they survive restarts in both modes, and fired by
/// calling the job's <see cref="IScheduledJobGrain"/>.
/// </summary>
[Alias("scheduling.scheduler")]
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>The grain key of the singleton.</summary>
    public const long SingletonKey = 0;

    /// <summary>
    /// Creates or replaces the schedule of <see cref="ScheduleRequest.Job"/>. A request whose type does not fire by
    /// itself (None, Manual) removes it. Answers the stored schedule, or null when none remains.
    /// </summary>
    [Alias("set")]
    Task<ScheduleEntry?> SetAsync(ScheduleRequest request);

    /// <summary>The schedule of <paramref name="job"/>, or null.</summary>
    [Alias("get")]
    Task<ScheduleEntry?> GetAsync(ScheduledJobKey job);

    /// <summary>Removes the schedule of <paramref name="job"/>; false when it had none.</summary>
    [Alias("remove")]
    Task<bool> RemoveAsync(ScheduledJobKey job);

    /// <summary>
    /// Activates the scheduler (every silo calls it once it has started): it loads the stored schedules, fires once
    /// what fell due while no scheduler ran, arms its timer and, in cluster mode, registers its reminder.
    /// </summary>
    [Alias("start")]
    Task StartAsync();
}

/// <summary>
/// What a schedule fires: the grain of a job kind (<c>gc</c>, <c>retention</c>, later <c>replication</c>,
/// <c>scan-all</c>) registered with the scheduler's dispatch. It must start the run and return quickly; the run
/// goes on in the job's own grain.
/// </summary>
[Alias("scheduling.scheduled-job")]
public interface IScheduledJobGrain : IGrainWithStringKey
{
    /// <summary>Starts a run for a firing due at <paramref name="dueAt"/> with the schedule's stored parameters.</summary>
    [Alias("fire")]
    Task FireAsync(string parameters, DateTimeOffset dueAt);
}
