using System.Collections.Concurrent;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// Pulls of proxy-cache manifests served from upstream's bytes before the manifest was stored (a cold miss). The store
/// only counts pulls of manifests it has, so such a pull waits here until the background cacher stored the manifest
/// (told at once by <see cref="Stored"/> on this gateway, or found by a sweep every second when another gateway stored
/// it) and then counts with its original time, exactly like a warm pull. A manifest never stored within
/// <see cref="PendingLifetime"/> (its blobs could not be cached) is not in the store to count against, so its pulls are
/// dropped; pulls still pending when the gateway stops are lost like any not yet flushed.
/// </summary>
public sealed partial class ProxyPendingPulls(
    IGrainFactory grains,
    PullRecorder pulls,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ProxyPendingPulls> logger)
{
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromHours(1);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<PendingKey, Pending> _pending = new();
    private int _sweeping;

    /// <summary>Manifests with pulls waiting for their manifest to be stored.</summary>
    public int Count => _pending.Count;

    /// <summary>Counts one pull of a manifest served from upstream's bytes, once it is stored.</summary>
    public void Add(string repository, string digest)
    {
        if (!pulls.IsEnabled)
        {
            return;
        }

        var now = clock.GetUtcNow();
        _pending.AddOrUpdate(
            new PendingKey(repository, digest),
            static (_, at) => new Pending(1, at, at),
            static (_, pending, at) => pending with { Count = pending.Count + 1, Last = at },
            now);
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) == 0)
        {
            _ = Task.Run(SweepAsync);
        }
    }

    /// <summary>The manifest is stored now: its pending pulls count.</summary>
    public void Stored(string repository, string digest)
    {
        if (_pending.TryRemove(new PendingKey(repository, digest), out var pending))
        {
            pulls.Record(repository, digest, pending.Count, pending.Last);
        }
    }

    private async Task SweepAsync()
    {
        var stopping = lifetime.ApplicationStopping;
        var handedOver = false;
        try
        {
            while (true)
            {
                await Task.Delay(SweepInterval, clock, stopping);
                foreach (var (key, pending) in _pending)
                {
                    await SweepAsync(key, pending);
                }

                // Stop when nothing is left, unless an Add raced the check and found the flag still set.
                Volatile.Write(ref _sweeping, 0);
                if (_pending.IsEmpty || Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
                {
                    handedOver = true;
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            // Whatever ended this sweep, the next Add must be able to start another.
            if (!handedOver)
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }
    }

    private async Task SweepAsync(PendingKey key, Pending pending)
    {
        try
        {
            if (await grains.GetGrain<IRepositoryGrain>(key.Repository).GetManifestAsync(key.Digest) is not null)
            {
                Stored(key.Repository, key.Digest);
            }
            else if (clock.GetUtcNow() - pending.First > PendingLifetime &&
                _pending.TryRemove(new KeyValuePair<PendingKey, Pending>(key, pending)))
            {
                LogDropped(key.Repository, key.Digest, pending.Count);
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // The next sweep asks again.
            LogSweepFailed(key.Repository, key.Digest, e.Message);
        }
    }

    private readonly record struct PendingKey(string Repository, string Digest);

    private sealed record Pending(long Count, DateTimeOffset First, DateTimeOffset Last);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy cache: {Count} pulls of {Repository}@{Digest} not counted: the manifest was not stored in time")]
    private partial void LogDropped(string repository, string digest, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy cache: could not check whether {Repository}@{Digest} is stored: {Problem}")]
    private partial void LogSweepFailed(string repository, string digest, string problem);
}
