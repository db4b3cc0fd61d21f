namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// A clock tests move forward by hand. Only wall-clock time is shifted: timestamps and timers stay on
/// the system clock, so Orleans' own timeouts and timers (which resolve the same TimeProvider) keep working.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
