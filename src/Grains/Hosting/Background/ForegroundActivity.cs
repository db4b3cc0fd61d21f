namespace ArtifactKeeper.Hosting.Background;

/// <summary>
/// When this silo last served a foreground grain call (a push, pull, mount, API request reaching a grain). One
/// monotonic timestamp written per call: cheap enough for every call, and all background work needs to know.
/// </summary>
public sealed class ForegroundActivity
{
    private long _lastCall = long.MinValue / 2;

    public void Record() => Volatile.Write(ref _lastCall, Environment.TickCount64);

    public bool WasActiveWithin(TimeSpan period) =>
        Environment.TickCount64 - Volatile.Read(ref _lastCall) <= (long)period.TotalMilliseconds;
}
