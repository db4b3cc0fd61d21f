using System.Text.Json.Serialization;

namespace ArtifactKeeper.Gc;

/// <summary>What started a GC run, in Harbor's words (<c>job_kind</c>).</summary>
public static class GcTriggers
{
    public const string Manual = "MANUAL", Schedule = "SCHEDULE";
}

/// <summary>Harbor's <c>job_status</c> values.</summary>
[GenerateSerializer]
public enum GcJobStatus
{
    Pending = 0,
    Running,
    Success,
    Error,
    Stopped,
}

/// <summary>
/// A run's options, serialized as Harbor's <c>job_parameters</c> JSON (<c>delete_untagged</c>, <c>dry_run</c>,
/// <c>workers</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GcParameters(
    [property: JsonPropertyName("delete_untagged")] bool DeleteUntagged,
    [property: JsonPropertyName("dry_run")] bool DryRun,
    [property: JsonPropertyName("workers")] int Workers)
{
    public const int MinWorkers = 1, MaxWorkers = 5, DefaultWorkers = 1;

    public static GcParameters Default { get; } = new(false, false, DefaultWorkers);
}

/// <summary>
/// What a run found and did: blobs and manifests scanned and deleted (or, on a dry run, that would be), bytes
/// reclaimed, repository links found stale or missing (reference drift) and repaired, expired uploads removed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GcFigures(
    long BlobsScanned,
    long BlobsDeleted,
    long ManifestsScanned,
    long ManifestsDeleted,
    long BytesReclaimed,
    long StaleLinksRemoved,
    long MissingLinksRepaired,
    long UploadsRemoved,
    long DurationMilliseconds)
{
    public static GcFigures Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>One GC run as the history shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record GcRun(
    long Id,
    string Trigger,
    GcParameters Parameters,
    GcJobStatus Status,
    GcFigures Figures,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The run <see cref="IGcGrain.StartAsync"/> started, or the one already running.</summary>
[GenerateSerializer, Immutable]
public sealed record GcStartResult(GcRun Run, bool AlreadyRunning);
