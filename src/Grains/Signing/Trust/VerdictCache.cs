namespace ArtifactKeeper.Signing.Trust;

/// <summary>
/// Verdicts per (repository, digest), each remembered with the policy version it was reached under, at most
/// <c>capacity</c> entries (the least recently used go first). <see cref="Generation"/> grows with every
/// invalidation: a caller that read it before gathering signatures stores its result only if nothing changed
/// meanwhile, so a signature pushed during a check is never hidden behind a stale verdict.
/// </summary>
public sealed class VerdictCache(int capacity)
{
    private readonly Dictionary<(string Repository, string Digest), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();

    public int Count => _entries.Count;

    public long Generation { get; private set; }

    public bool TryGet(string repository, string digest, long version, out IReadOnlyList<SignatureVerdict> verdicts)
    {
        if (_entries.TryGetValue((repository, digest), out var node) && node.Value.Version == version)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            verdicts = node.Value.Verdicts;
            return true;
        }

        verdicts = [];
        return false;
    }

    /// <summary>Stores the verdicts unless an invalidation happened since <paramref name="generationSeen"/>.</summary>
    public bool Put(string repository, string digest, long version, IReadOnlyList<SignatureVerdict> verdicts, long generationSeen)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        if (generationSeen != Generation)
        {
            return false;
        }

        if (_entries.Remove((repository, digest), out var old))
        {
            _recency.Remove(old);
        }

        _entries[(repository, digest)] = _recency.AddFirst(new Entry(repository, digest, version, verdicts));
        while (_entries.Count > Math.Max(capacity, 1))
        {
            var last = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove((last.Value.Repository, last.Value.Digest));
        }

        return true;
    }

    /// <summary>Forgets the verdicts of one artifact (a signature of it was pushed or deleted).</summary>
    public void Invalidate(string repository, string digest)
    {
        Generation++;
        if (_entries.Remove((repository, digest), out var node))
        {
            _recency.Remove(node);
        }
    }

    /// <summary>Forgets everything (the policy changed).</summary>
    public void Clear()
    {
        Generation++;
        _entries.Clear();
        _recency.Clear();
    }

    private sealed record Entry(string Repository, string Digest, long Version, IReadOnlyList<SignatureVerdict> Verdicts);
}
