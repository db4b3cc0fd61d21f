using System.Collections.Concurrent;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Registry;

/// <summary>
/// Counts manifest pulls in memory until the next flush. <see cref="Record"/> is lock-free and allocates only for the
/// first pull of a manifest since its counter was last retired: a lookup in a concurrent dictionary keyed by a struct,
/// then an interlocked increment. <see cref="Drain"/> takes each counter's pulls with an atomic exchange, so a pull that
/// races a flush lands in this flush or the next, never in neither; an idle counter is retired (marked, then removed)
/// and a pull that finds a retired counter installs a fresh one.
/// </summary>
public sealed class PullCounter
{
    /// <summary>A retired counter's count: far below zero, so increments on it stay negative.</summary>
    private const long Retired = long.MinValue / 2;

    private readonly ConcurrentDictionary<PullKey, Counter> _counters = new();

    /// <summary>Manifests with a counter (pending or idle since the last drain).</summary>
    public int TrackedCount => _counters.Count;

    /// <summary>Counts one pull of <paramref name="digest"/> in <paramref name="repository"/> at <paramref name="at"/>.</summary>
    public void Record(string repository, string digest, DateTimeOffset at) => Add(repository, digest, 1, at);

    /// <summary>Adds <paramref name="count"/> pulls, the latest at <paramref name="at"/> (also how a failed flush gives its tallies back).</summary>
    public void Add(string repository, string digest, long count, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var key = new PullKey(repository, digest);
        var ticks = at.UtcTicks;
        while (true)
        {
            var counter = _counters.GetOrAdd(key, static _ => new Counter());

            // Time first: a drain that takes this count must also see its time.
            counter.Touch(ticks);
            if (Interlocked.Add(ref counter.Count, count) > 0)
            {
                return;
            }

            // Retired by a drain between the lookup and the increment: replace it (unless another pull already did) and retry.
            _counters.TryUpdate(key, new Counter(), counter);
        }
    }

    /// <summary>
    /// Takes every pending pull as one tally per manifest, resetting the counts; counters with nothing to take are retired,
    /// so manifests nobody pulls any more do not stay in memory.
    /// </summary>
    public IReadOnlyList<PullTally> Drain()
    {
        var tallies = new List<PullTally>();
        foreach (var (key, counter) in _counters)
        {
            var count = Interlocked.Exchange(ref counter.Count, 0);
            if (count > 0)
            {
                tallies.Add(new PullTally(key.Repository, key.Digest, count, new DateTimeOffset(Interlocked.Read(ref counter.LastTicks), TimeSpan.Zero)));
            }
            else if (Interlocked.CompareExchange(ref counter.Count, Retired, 0) == 0)
            {
                _counters.TryRemove(new KeyValuePair<PullKey, Counter>(key, counter));
            }
        }

        return tallies;
    }

    /// <summary>Gives tallies that could not be written back, to be written with the next flush.</summary>
    public void Restore(IEnumerable<PullTally> tallies)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        foreach (var tally in tallies)
        {
            Add(tally.Repository, tally.Digest, tally.Count, tally.LastPulled);
        }
    }

    private readonly record struct PullKey(string Repository, string Digest);

    private sealed class Counter
    {
        public long Count;
        public long LastTicks;

        /// <summary>
        /// Moves the last pull time forward (never back, whichever pull's write lands last). Pull times are stored in
        /// milliseconds, so a pull within the same millisecond as the recorded one skips the write: under load most do,
        /// and the counter's cache line is then written once per pull (the count), not twice.
        /// </summary>
        public void Touch(long ticks)
        {
            var current = Volatile.Read(ref LastTicks);
            while (ticks - current >= TimeSpan.TicksPerMillisecond)
            {
                var seen = Interlocked.CompareExchange(ref LastTicks, ticks, current);
                if (seen == current)
                {
                    return;
                }

                current = seen;
            }
        }
    }
}
