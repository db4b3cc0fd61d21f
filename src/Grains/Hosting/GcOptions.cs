using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting;

/// <summary>Garbage collection (<c>ArtifactKeeper:Gc</c>).</summary>
public sealed class GcOptions
{
    public const string Section = "ArtifactKeeper:Gc";

    /// <summary>
    /// Blobs and untagged manifests touched within this window are never collected, so an upload whose manifest is
    /// still on its way keeps its layers (DESIGN invariant 4). Zero is allowed (tests): a push racing GC may then get
    /// BLOB_UNKNOWN and upload again, but an acknowledged manifest never loses a blob.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan TimeWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Rows read per mark query page.</summary>
    [Range(10, 100_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Blob grain calls in flight per worker during the sweep.</summary>
    [Range(1, 1024)]
    public int CallsPerWorker { get; set; } = 64;

    /// <summary>
    /// While the silo serves pushes and pulls, a run keeps itself busy at most this share of the time (one step at a
    /// time, pausing in between), so foreground requests keep their speed; an idle registry is collected at full
    /// speed. 1 turns pacing off.
    /// </summary>
    [Range(0.01, 1.0)]
    public double LoadShare { get; set; } = 0.05;

    /// <summary>How long after the last foreground call the collector still counts the registry as busy.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
