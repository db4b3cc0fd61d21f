using System.Globalization;
using System.Text;

namespace ArtifactKeeper.Gc;

/// <summary>
/// A run's log as the history shows it: timestamped lines, collected in memory and handed to the store in pieces.
/// Lines about single items stop after <see cref="MaxItemLines"/> per kind, so a run over millions of blobs keeps a
/// log a person can read; the figures still count everything.
/// </summary>
public sealed class GcJournal(TimeProvider clock)
{
    public const int MaxItemLines = 500;

    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly Dictionary<string, int> _itemLines = new(StringComparer.Ordinal);

    public void Write(string message)
    {
        lock (_gate)
        {
            _pending.Append(clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(' ').Append(message).Append('\n');
        }
    }

    /// <summary>Writes a line about one item of <paramref name="kind"/>, unless that kind has had its share.</summary>
    public void WriteItem(string kind, string message)
    {
        int count;
        lock (_gate)
        {
            count = _itemLines.GetValueOrDefault(kind) + 1;
            _itemLines[kind] = count;
            if (count > MaxItemLines)
            {
                return;
            }
        }

        Write(count == MaxItemLines ? $"{message} (further {kind} lines are left out; the figures count them)" : message);
    }

    /// <summary>The lines written since the last call.</summary>
    public string TakePending()
    {
        lock (_gate)
        {
            var text = _pending.ToString();
            _pending.Clear();
            return text;
        }
    }
}
