using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting;

/// <summary>Vulnerability scanning (<c>ArtifactKeeper:Scanning</c>).</summary>
public sealed class ScanningOptions
{
    public const string Section = "ArtifactKeeper:Scanning";

    /// <summary>Scans running at once on one silo (manual, on push and scan-all together); more wait their turn.</summary>
    [Range(1, 256)]
    public int MaxConcurrentScans { get; set; } = 4;

    /// <summary>Artifacts a scan-all run scans at once.</summary>
    [Range(1, 64)]
    public int ScanAllConcurrency { get; set; } = 2;

    /// <summary>Artifacts scan-all reads from the metadata store per query.</summary>
    [Range(1, 10_000)]
    public int ScanAllPageSize { get; set; } = 100;

    /// <summary>A scan taking longer is stopped and recorded as Error.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// While the silo serves pushes and pulls, scan-all keeps itself busy at most this share of the time (as GC does);
    /// an idle registry is scanned at full speed. 1 turns pacing off.
    /// </summary>
    [Range(0.01, 1.0)]
    public double LoadShare { get; set; } = 0.2;

    /// <summary>How long after the last foreground call scan-all still counts the registry as busy.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
