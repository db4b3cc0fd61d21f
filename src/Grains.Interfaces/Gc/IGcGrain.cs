using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Gc;

/// <summary>
/// The cluster's garbage collector (key <see cref="SingletonKey"/>): one mark-and-sweep run at a time, started by
/// hand or by the scheduler (job kind <see cref="JobKind"/>), recorded in the metadata store with its figures and log.
/// </summary>
[Alias("gc.collector")]
public interface IGcGrain : IScheduledJobGrain
{
    public const string SingletonKey = "default";

    /// <summary>The scheduler's job kind for GC.</summary>
    public const string JobKind = "gc";

    /// <summary>
    /// Records a run and starts it in the background; answers it at once (status Pending or Running). When a run is
    /// already going, nothing starts and the answer names the running one with <see cref="GcStartResult.AlreadyRunning"/>.
    /// </summary>
    [Alias("start")]
    Task<GcStartResult> StartAsync(GcParameters parameters, string trigger);

    /// <summary>Asks the running run <paramref name="runId"/> to stop after its current batch; false when it is not running.</summary>
    [Alias("stop")]
    Task<bool> StopAsync(long runId);
}
