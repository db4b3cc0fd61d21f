using System.Globalization;
using System.Text;

namespace ArtifactKeeper.Scanning;

/// <summary>The lines of one scan's log, timestamped, gathered from any thread and taken in pieces to append to the store.</summary>
public sealed class ScanJournal(TimeProvider clock)
{
    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();

    public void Write(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARNING", message);

    public void Error(string message) => Write("ERROR", message);

    /// <summary>The lines written since the last take.</summary>
    public string TakePending()
    {
        lock (_gate)
        {
            var text = _pending.ToString();
            _pending.Clear();
            return text;
        }
    }

    private void Write(string level, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} [{level}] {message}\n");
        lock (_gate)
        {
            _pending.Append(line);
        }
    }
}
