using ArtifactKeeper.Hosting;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>How replication transfers run (section <see cref="Section"/>); checked at start-up.</summary>
public sealed class ReplicationOptions : ISelfValidatingOptions
{
    public const string Section = "ArtifactKeeper:Replication";

    /// <summary>Tasks one remote registry runs at once.</summary>
    public int ConcurrencyPerTarget { get; set; } = 4;

    /// <summary>The chunk size of blob pushes when a policy sets <c>copy_by_chunk</c>.</summary>
    public long ChunkSize { get; set; } = 10 * 1024 * 1024;

    /// <summary>The backoff before the second attempt; it doubles per attempt up to <see cref="MaxDelay"/>, with full jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts of a task before a transient failure fails it.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// The bandwidth all running tasks of one target (a remote registry) share, in KiB per second like a policy's
    /// <c>speed</c>; 0 is unlimited. Each task's own <c>speed</c> applies on top.
    /// </summary>
    public int TargetBandwidthKbps { get; set; }

    /// <summary>Per-target overrides of <see cref="TargetBandwidthKbps"/>, keyed by registry endpoint id (0: unlimited).</summary>
    public Dictionary<string, int> TargetBandwidthKbpsByRegistry { get; } = new(StringComparer.Ordinal);

    /// <summary>How often each silo wakes the queues that have work (resuming those of a lost silo).</summary>
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an execution may go without its planning ended before the resumer asks its policy whether a planner is
    /// still at it (planning lost with its silo is then done again); younger ones are left alone.
    /// </summary>
    public TimeSpan PlanningCheckAfter { get; set; } = TimeSpan.FromMinutes(2);

    public string? Validate()
    {
        if (ConcurrencyPerTarget is < 1 or > 256)
        {
            return $"{Section}:{nameof(ConcurrencyPerTarget)} must be from 1 to 256";
        }

        if (ChunkSize < 64 * 1024)
        {
            return $"{Section}:{nameof(ChunkSize)} must be at least 65536 bytes";
        }

        if (BaseDelay <= TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            return $"{Section}:{nameof(BaseDelay)} must be positive and {Section}:{nameof(MaxDelay)} at least as long";
        }

        if (MaxAttempts is < 1 or > 100)
        {
            return $"{Section}:{nameof(MaxAttempts)} must be from 1 to 100";
        }

        if (PlanningCheckAfter < TimeSpan.Zero)
        {
            return $"{Section}:{nameof(PlanningCheckAfter)} must not be negative";
        }

        if (TargetBandwidthKbps < 0)
        {
            return $"{Section}:{nameof(TargetBandwidthKbps)} must be 0 (unlimited) or more";
        }

        foreach (var (registry, kbps) in TargetBandwidthKbpsByRegistry)
        {
            if (!long.TryParse(registry, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) || kbps < 0)
            {
                return $"{Section}:{nameof(TargetBandwidthKbpsByRegistry)}:{registry} must be keyed by a registry id and be 0 (unlimited) or more";
            }
        }

        return ResumeInterval <= TimeSpan.Zero ? $"{Section}:{nameof(ResumeInterval)} must be positive" : null;
    }

    /// <summary>The aggregate limit of target <paramref name="registryId"/> in bytes per second, or null for none.</summary>
    public long? TargetBytesPerSecond(long registryId)
    {
        var kbps = TargetBandwidthKbpsByRegistry.TryGetValue(registryId.ToString(System.Globalization.CultureInfo.InvariantCulture), out var own)
            ? own
            : TargetBandwidthKbps;
        return kbps > 0 ? kbps * 1024L : null;
    }
}
