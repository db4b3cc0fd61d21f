namespace ArtifactKeeper.Scanning.ScanAll;

/// <summary>The counters of one scan-all pass, updated by its workers concurrently.</summary>
public sealed class ScanAllProgress
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byStatus = new(StringComparer.Ordinal);
    private int _total;
    private int _completed;

    public void Found(int artifacts)
    {
        lock (_gate)
        {
            _total += artifacts;
        }
    }

    public void Finished(ScanStatus status)
    {
        lock (_gate)
        {
            _completed++;
            _byStatus[status.ToString()] = _byStatus.GetValueOrDefault(status.ToString()) + 1;
        }
    }

    public (int Total, int Completed, IReadOnlyDictionary<string, int> ByStatus) Snapshot()
    {
        lock (_gate)
        {
            return (_total, _completed, new Dictionary<string, int>(_byStatus, StringComparer.Ordinal));
        }
    }
}
