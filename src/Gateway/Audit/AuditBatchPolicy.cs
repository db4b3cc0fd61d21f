namespace ArtifactKeeper.Audit;

/// <summary>
/// When the audit writer writes: as soon as a batch is full, or once its oldest event has waited
/// <see cref="MaxDelay"/>, whichever comes first. Pure.
/// </summary>
public sealed record AuditBatchPolicy(int MaxBatch, TimeSpan MaxDelay)
{
    /// <summary>Whether a batch of <paramref name="count"/> events, the first queued at <paramref name="oldest"/>, is due.</summary>
    public bool IsDue(int count, DateTimeOffset oldest, DateTimeOffset now) =>
        count >= MaxBatch || (count > 0 && now - oldest >= MaxDelay);

    /// <summary>How long to wait for more events before the batch is due by time; zero when it already is.</summary>
    public TimeSpan Remaining(DateTimeOffset oldest, DateTimeOffset now)
    {
        var left = MaxDelay - (now - oldest);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
