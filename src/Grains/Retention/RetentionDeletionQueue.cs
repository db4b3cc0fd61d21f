namespace ArtifactKeeper.Retention;

/// <summary>
/// A plan's deletion waves (see <see cref="RetentionWaves"/>) handed out in batches: each batch lies within one wave
/// (its deletions are independent, so the repository can check and persist them together), and no batch starts a wave
/// before the previous wave was handed out in full. <see cref="Take"/> gives at most a budget of deletions at a time,
/// so a caller can spread a long pass over several bounded steps.
/// </summary>
public sealed class RetentionDeletionQueue
{
    private readonly IReadOnlyList<IReadOnlyList<RetentionDeletion>> _waves;
    private int _wave;
    private int _offset;

    public RetentionDeletionQueue(IReadOnlyList<IReadOnlyList<RetentionDeletion>> waves)
    {
        ArgumentNullException.ThrowIfNull(waves);
        _waves = waves;
        Remaining = waves.Sum(w => w.Count);
        SkipEmptyWaves();
    }

    /// <summary>Deletions not handed out yet.</summary>
    public int Remaining { get; private set; }

    public bool IsEmpty => Remaining == 0;

    /// <summary>The next batches in order, at most <paramref name="budget"/> deletions in all (at least one batch unless empty).</summary>
    public IReadOnlyList<IReadOnlyList<RetentionDeletion>> Take(int budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
        var batches = new List<IReadOnlyList<RetentionDeletion>>();
        while (budget > 0 && _wave < _waves.Count)
        {
            var wave = _waves[_wave];
            var count = Math.Min(budget, wave.Count - _offset);
            batches.Add(wave.Skip(_offset).Take(count).ToList());
            _offset += count;
            budget -= count;
            Remaining -= count;
            SkipEmptyWaves();
        }

        return batches;
    }

    /// <summary>Every deletion not handed out yet, in order; the queue is empty afterwards (a stopped pass tries none of them).</summary>
    public IReadOnlyList<RetentionDeletion> Abandon()
    {
        var left = new List<RetentionDeletion>(Remaining);
        foreach (var batch in Take(Math.Max(Remaining, 1)))
        {
            left.AddRange(batch);
        }

        return left;
    }

    private void SkipEmptyWaves()
    {
        while (_wave < _waves.Count && _offset >= _waves[_wave].Count)
        {
            _wave++;
            _offset = 0;
        }
    }
}
