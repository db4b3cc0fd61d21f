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
}
