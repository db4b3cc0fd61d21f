namespace ArtifactKeeper.Scanning.Engine;

/// <summary>
/// The scan log of the scan running in the current asynchronous flow: the scan grain opens it, and the scanner and
/// engine write lines to it (package counts, skipped children, fallbacks) without a log parameter on every call.
/// </summary>
public static class ScanLogScope
{
    private static readonly AsyncLocal<Action<string>?> Current = new();

    /// <summary>Sends lines written in this flow to <paramref name="sink"/> until the returned scope is disposed.</summary>
    public static IDisposable Open(Action<string> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var previous = Current.Value;
        Current.Value = sink;
        return new Scope(previous);
    }

    public static void Write(string line) => Current.Value?.Invoke(line);

    private sealed class Scope(Action<string>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
