namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// A clock tests move forward by hand. Only wall-clock time is shifted: timers stay on the system clock, so the
/// co-hosted silo's own timeouts keep working.
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
