namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// The lease rules of one single-flight fetch: one holder at a time; a lease that was not renewed before it expired
/// (its gateway died) is free for the next asker; only the holder renews or releases it.
/// </summary>
public sealed class ProxyFetchLease
{
    public string? Holder { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public bool IsHeld(DateTimeOffset now) => Holder is not null && now < ExpiresAt;

    /// <summary>Grants the lease to <paramref name="holder"/> when it is free, expired or already theirs.</summary>
    public bool TryAcquire(string holder, DateTimeOffset now, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (IsHeld(now) && !string.Equals(Holder, holder, StringComparison.Ordinal))
        {
            return false;
        }

        Holder = holder;
        ExpiresAt = now + duration;
        return true;
    }

    /// <summary>Extends the holder's lease; false when it expired and went elsewhere (the holder should stop caching).</summary>
    public bool Renew(string holder, DateTimeOffset now, TimeSpan duration) =>
        string.Equals(Holder, holder, StringComparison.Ordinal) && TryAcquire(holder, now, duration);

    /// <summary>Frees the lease; false (and nothing changes) when <paramref name="holder"/> does not hold it.</summary>
    public bool Release(string holder)
    {
        if (!string.Equals(Holder, holder, StringComparison.Ordinal))
        {
            return false;
        }

        Holder = null;
        ExpiresAt = default;
        return true;
    }
}
