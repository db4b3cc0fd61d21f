using Orleans.Concurrency;

namespace ArtifactKeeper.Replication.ProxyCache;

/// <summary>
/// <see cref="IProxyFetchGrain"/>: reentrant, so waiters parked in <see cref="WaitAsync"/> do not block the holder's
/// release. The lease rules are <see cref="ProxyFetchLease"/>'s.
/// </summary>
[Reentrant]
[GrainType("proxy-fetch")]
public sealed class ProxyFetchGrain(TimeProvider clock) : Grain, IProxyFetchGrain
{
    private readonly ProxyFetchLease _lease = new();
    private TaskCompletionSource _released = NewSignal();
    private UpstreamConfirmation? _confirmation;
    private ProxyFetchProgress? _progress;
    private string? _progressOf;

    public Task<bool> TryAcquireAsync(string holder, TimeSpan lease)
    {
        var granted = _lease.TryAcquire(holder, clock.GetUtcNow(), lease);
        if (granted && !string.Equals(_progressOf, holder, StringComparison.Ordinal))
        {
            // A new holder starts its own download; the last one's progress says nothing about it.
            _progress = null;
        }

        if (granted && _released.Task.IsCompleted)
        {
            _released = NewSignal();
        }

        return Task.FromResult(granted);
    }

    public Task<bool> RenewAsync(string holder, TimeSpan lease) => Task.FromResult(_lease.Renew(holder, clock.GetUtcNow(), lease));

    public Task ReleaseAsync(string holder)
    {
        if (_lease.Release(holder))
        {
            _progress = null;
            _released.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public async Task<bool> WaitAsync(TimeSpan maxWait)
    {
        var now = clock.GetUtcNow();
        if (!_lease.IsHeld(now))
        {
            return true;
        }

        // Wake on release, or when the lease would expire (its holder died), whichever comes first.
        var untilExpiry = _lease.ExpiresAt - now;
        var wait = untilExpiry < maxWait ? untilExpiry : maxWait;
        await Task.WhenAny(_released.Task, Task.Delay(wait, clock));
        return !_lease.IsHeld(clock.GetUtcNow());
    }

    public Task<UpstreamConfirmation?> GetConfirmationAsync() => Task.FromResult(_confirmation);

    public Task ConfirmAsync(UpstreamConfirmation confirmation)
    {
        ArgumentNullException.ThrowIfNull(confirmation);

        // A HEAD confirms the digest; keep the bytes fetched earlier when they are still those of that digest.
        if (confirmation.Manifest is null && _confirmation?.Manifest is { } known && known.Digest == confirmation.Digest)
        {
            confirmation = confirmation with { Manifest = known };
        }

        _confirmation = confirmation;
        return Task.CompletedTask;
    }

    public Task ReportProgressAsync(string holder, ProxyFetchProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (string.Equals(_lease.Holder, holder, StringComparison.Ordinal) && _lease.IsHeld(clock.GetUtcNow()))
        {
            _progress = progress;
            _progressOf = holder;
        }

        return Task.CompletedTask;
    }

    public Task<ProxyFetchProgress?> GetProgressAsync() => Task.FromResult(_lease.IsHeld(clock.GetUtcNow()) ? _progress : null);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
