namespace ArtifactKeeper.Auth;

/// <summary>
/// Counts failures per key over a sliding window and locks a key out once it reaches its limit. Pure and
/// thread-safe: time comes in as an argument, nothing is scheduled.
/// </summary>
/// <remarks>
/// Memory is bounded twice over: each key keeps at most <c>maxFailures</c> timestamps (older ones cannot
/// matter), and at most <c>capacity</c> keys are tracked, the least recently failed one being forgotten
/// first. Forgetting can only ever release a key early, so an attacker spraying keys gains at most what
/// the other limiter (user vs address) still stops.
/// </remarks>
public sealed class FailureWindow
{
    private readonly int _maxFailures;
    private readonly TimeSpan _window;
    private readonly TimeSpan _lockout;
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);

    // Least recently failed first; a failure moves its key to the end.
    private readonly LinkedList<Entry> _order = new();

    public FailureWindow(int maxFailures, TimeSpan window, TimeSpan lockout, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _maxFailures = maxFailures;
        _window = window;
        _lockout = lockout;
        _capacity = capacity;
    }

    /// <summary>Keys currently remembered.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>How long <paramref name="key"/> stays locked out, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return null;
            }

            var entry = node.Value;
            if (entry.LockedUntil > now)
            {
                return entry.LockedUntil - now;
            }

            entry.DropBefore(now - _window);
            if (entry.Failures.Count == 0)
            {
                // Nothing left to remember: free the slot rather than wait for eviction.
                Remove(node);
            }

            return null;
        }
    }

    /// <summary>Records one failure; returns the lockout it started, or null when the key is still below its limit.</summary>
    public TimeSpan? RecordFailure(string key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddLast(node);
            }
            else
            {
                while (_entries.Count >= _capacity)
                {
                    Remove(_order.First!);
                }

                node = _order.AddLast(new Entry(key));
                _entries.Add(key, node);
            }

            var entry = node.Value;
            entry.DropBefore(now - _window);
            entry.Failures.Enqueue(now);
            if (entry.Failures.Count < _maxFailures)
            {
                return null;
            }

            // The window starts afresh after a lockout: the next failures are counted from zero.
            entry.Failures.Clear();
            entry.LockedUntil = now + _lockout;
            return _lockout;
        }
    }

    /// <summary>Forgets <paramref name="key"/>'s failures and any lockout (a successful login).</summary>
    public void Reset(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                Remove(node);
            }
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    private sealed class Entry(string key)
    {
        public string Key { get; } = key;

        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;

        public void DropBefore(DateTimeOffset cutoff)
        {
            while (Failures.Count > 0 && Failures.Peek() <= cutoff)
            {
                Failures.Dequeue();
            }
        }
    }
}
