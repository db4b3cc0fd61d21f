using System.Globalization;
using System.Text;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>The lines one attempt of a task adds to its log, timestamped; written off the grain's turn, taken once.</summary>
public sealed class TaskJournal(TimeProvider clock)
{
    private readonly StringBuilder _lines = new();
    private readonly Lock _gate = new();

    public void Info(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARNING", message);

    public void Error(string message) => Write("ERROR", message);

    public string Text()
    {
        lock (_gate)
        {
            return _lines.ToString();
        }
    }

    private void Write(string level, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{clock.GetUtcNow().UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ} [{level}] {message}\n");
        lock (_gate)
        {
            _lines.Append(line);
        }
    }
}
