using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting;

/// <summary>The scheduler (<c>ArtifactKeeper:Scheduler</c>) that fires GC, retention, replication and scan-all schedules.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "ArtifactKeeper:Scheduler";

    /// <summary>
    /// The longest the scheduler's timer sleeps before it looks at the clock again, even when the next run is later
    /// (a schedule fires at most this late after a clock change).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Cluster mode: the period of the scheduler's Orleans reminder, which re-activates it on another silo after the
    /// silo holding it was lost. Orleans refuses periods under a minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(5);
}
