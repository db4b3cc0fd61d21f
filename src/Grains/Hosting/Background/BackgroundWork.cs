namespace ArtifactKeeper.Hosting.Background;

/// <summary>
/// Marks the current asynchronous flow as background work (GC, maintenance), so the grain calls it makes — and the
/// calls those grains make in turn, since Orleans carries the request context along — do not count as load that
/// background work must yield to.
/// </summary>
public static class BackgroundWork
{
    private const string ContextKey = "ak.background";

    /// <summary>From here on, calls from this flow are background calls. The mark does not flow back to callers.</summary>
    public static void MarkCurrentFlow() => RequestContext.Set(ContextKey, true);

    public static bool IsCurrentFlow => RequestContext.Get(ContextKey) is true;
}
