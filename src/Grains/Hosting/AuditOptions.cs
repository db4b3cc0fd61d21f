using System.ComponentModel.DataAnnotations;

namespace ArtifactKeeper.Hosting;

/// <summary>The audit log (<c>ArtifactKeeper:Audit</c>): recording on the gateways, retention on the silos.</summary>
public sealed class AuditOptions
{
    public const string Section = "ArtifactKeeper:Audit";

    /// <summary>Off: nothing is recorded (the listings still answer, from what was recorded before).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Records older than this many days are purged; 0 keeps them forever.</summary>
    [Range(0, 36500)]
    public int RetentionDays { get; set; }

    /// <summary>How often the silos look for records past retention.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Events waiting to be written, per gateway; beyond this new events are dropped and counted, never waited for.</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>
    /// A batch is written once it holds this many events... Each batch costs a grain call and a commit (an
    /// fsync), so not too small; on SQLite it holds the single writer while it is inserted, so not too large.
    /// </summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1_000;

    /// <summary>...or once its first event has waited this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
