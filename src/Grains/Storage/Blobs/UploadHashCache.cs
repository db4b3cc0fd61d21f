using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ArtifactKeeper.Storage.Blobs;

/// <summary>
/// Running SHA-256 states of open uploads, so a chunk appended by a later writer in this process
/// continues the hash instead of rereading the upload. A writer takes the state out while it is
/// open (so no two writers share one <see cref="IncrementalHash"/>) and puts it back on dispose.
/// Idle entries expire and the count is capped: an abandoned upload costs at most one small entry
/// until the next sweep.
/// </summary>
internal sealed class UploadHashCache : IDisposable
{
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromHours(1);
    public const int DefaultCapacity = 10_000;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private readonly int _capacity;
    private readonly Lock _sweepLock = new();
    private long _lastSweepTicks;

    public UploadHashCache()
        : this(TimeProvider.System, DefaultIdleTimeout, DefaultCapacity)
    {
    }

    public UploadHashCache(TimeProvider time, TimeSpan idleTimeout, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _idleTimeout = idleTimeout;
        _capacity = capacity;
        _lastSweepTicks = time.GetUtcNow().UtcTicks;
    }

    public int Count => _entries.Count;

    /// <summary>
    /// Removes and returns the state of <paramref name="uploadId"/> when it covers exactly bytes
    /// 0..<paramref name="offset"/>; otherwise drops any state (it cannot be rewound) and returns null.
    /// </summary>
    public IncrementalHash? Take(string uploadId, long offset)
    {
        if (!_entries.TryRemove(uploadId, out var entry))
        {
            return null;
        }

        if (entry.Offset == offset)
        {
            return entry.Hash;
        }

        entry.Hash.Dispose();
        return null;
    }

    /// <summary>Stores <paramref name="hash"/> as covering bytes 0..<paramref name="offset"/>; the cache now owns it.</summary>
    public void Return(string uploadId, IncrementalHash hash, long offset)
    {
        var entry = new Entry(hash, offset, _time.GetUtcNow().UtcTicks);
        _entries.AddOrUpdate(
            uploadId,
            entry,
            (_, previous) =>
            {
                if (!ReferenceEquals(previous.Hash, hash))
                {
                    previous.Hash.Dispose();
                }

                return entry;
            });
        SweepIfDue();
    }

    /// <summary>Forgets <paramref name="uploadId"/> (published or deleted).</summary>
    public void Remove(string uploadId)
    {
        if (_entries.TryRemove(uploadId, out var entry))
        {
            entry.Hash.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var key in _entries.Keys)
        {
            Remove(key);
        }
    }

    private void SweepIfDue()
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (_entries.Count <= _capacity && now - Interlocked.Read(ref _lastSweepTicks) < SweepInterval.Ticks)
        {
            return;
        }

        lock (_sweepLock)
        {
            Interlocked.Exchange(ref _lastSweepTicks, now);
            var idleBefore = now - _idleTimeout.Ticks;
            foreach (var (key, entry) in _entries)
            {
                if (entry.LastUsedTicks < idleBefore)
                {
                    RemoveExact(key, entry);
                }
            }

            var excess = _entries.Count - _capacity;
            if (excess > 0)
            {
                foreach (var (key, entry) in _entries.OrderBy(e => e.Value.LastUsedTicks).Take(excess).ToList())
                {
                    RemoveExact(key, entry);
                }
            }
        }
    }

    // Removes only if the entry was not replaced meanwhile, so a fresh state is never evicted by mistake.
    private void RemoveExact(string key, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
        {
            entry.Hash.Dispose();
        }
    }

    private sealed record Entry(IncrementalHash Hash, long Offset, long LastUsedTicks);
}
