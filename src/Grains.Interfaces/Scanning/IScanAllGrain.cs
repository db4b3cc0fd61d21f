using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Scanning;

/// <summary>
/// Scan-all (key <see cref="SingletonKey"/>): one throttled pass at a time over every image in the registry that has
/// no current report, started by hand, by the scheduler (job kind <see cref="JobKind"/>) or by a database change.
/// </summary>
[Alias("scan.all")]
public interface IScanAllGrain : IScheduledJobGrain
{
    public const string SingletonKey = "default";

    /// <summary>The scheduler's job kind for scan-all.</summary>
    public const string JobKind = "scan-all";

    /// <summary>Starts a pass in the background and answers at once; when one is going, it is answered with AlreadyRunning.</summary>
    [Alias("start")]
    Task<ScanAllStartResult> StartAsync(string trigger, string? requestedBy);

    /// <summary>Asks the running pass to stop; false when none runs.</summary>
    [Alias("stop")]
    Task<bool> StopAsync();

    /// <summary>The running pass, else the last one with <paramref name="trigger"/> (null: any trigger), else null.</summary>
    [Alias("metrics")]
    Task<ScanAllMetrics?> GetMetricsAsync(string? trigger);
}

/// <summary>Trigger names of scan-all passes, as Harbor's metrics show them.</summary>
public static class ScanAllTriggers
{
    public const string Manual = "Manual", Schedule = "Schedule", DatabaseUpdate = "Event";
}

/// <summary>
/// A scan-all pass as Harbor's scan metrics show it: artifacts found so far (<see cref="Total"/>), those finished, and
/// the count per final status (Success, Error, Stopped).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScanAllMetrics(
    string RunId,
    string Trigger,
    string? RequestedBy,
    bool Ongoing,
    int Total,
    int Completed,
    IReadOnlyDictionary<string, int> Metrics,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt);

[GenerateSerializer, Immutable]
public sealed record ScanAllStartResult(ScanAllMetrics Run, bool AlreadyRunning);
