using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting;

/// <summary>Vulnerability scanning (<c>ArtifactKeeper:Scanning</c>).</summary>
public sealed class ScanningOptions
{
    public const string Section = "ArtifactKeeper:Scanning";

    internal static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(10);
    internal static readonly TimeSpan MaxPollInterval = TimeSpan.FromDays(1);

    /// <summary>
    /// The OSV database to load at start and whenever it changes: a folder of OSV JSON files, a folder in the
    /// per-ecosystem dump layout (<c>&lt;Ecosystem&gt;/all.zip</c>), or one zip of OSV JSON files. Unset: no database
    /// (scans report no findings) until one is imported.
    /// </summary>
    public string? OsvDatabasePath { get; set; }

    /// <summary>How often the database path's newest write time is checked for changes (10 ms to 1 day).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan OsvDatabasePollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
