using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// The adapter server's scan jobs, in memory (a restart forgets them; Harbor then re-requests the scan): at most
/// <see cref="AdapterServerOptions.MaxJobs"/>, finished ones dropped <see cref="AdapterServerOptions.JobRetention"/>
/// after they end. Each accepted job runs in the background, at most
/// <see cref="AdapterServerOptions.MaxConcurrentScans"/> at once.
/// </summary>
public sealed class AdapterScanJobs(
    AdapterScanRunner runner, IOptions<AdapterServerOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime) : IDisposable
{
    private readonly ConcurrentDictionary<string, AdapterScanJob> _jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentScans);
    private readonly Lock _admission = new();

    /// <summary>Accepts and starts a job; null when the bound is reached even after dropping expired jobs.</summary>
    public AdapterScanJob? TryStart(AdapterScanRequest request)
    {
        AdapterScanJob job;
        lock (_admission)
        {
            if (_jobs.Count >= options.Value.MaxJobs)
            {
                DropExpired();
                if (_jobs.Count >= options.Value.MaxJobs)
                {
                    return null;
                }
            }

            job = new AdapterScanJob(Guid.NewGuid().ToString("N"), request, clock.GetUtcNow());
            _jobs[job.Id] = job;
        }

        _ = RunAsync(job);
        return job;
    }

    public AdapterScanJob? Find(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return null;
        }

        if (job.FinishedAt is { } at && at + options.Value.JobRetention <= clock.GetUtcNow())
        {
            _jobs.TryRemove(id, out _);
            return null;
        }

        return job;
    }

    public void Dispose() => _slots.Dispose();

    private async Task RunAsync(AdapterScanJob job)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await _slots.WaitAsync(stopping);
            try
            {
                await runner.RunAsync(job, stopping);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException)
        {
            job.Fail("the adapter is shutting down", clock.GetUtcNow());
        }
    }

    private void DropExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, job) in _jobs)
        {
            if (job.FinishedAt is { } at && at + options.Value.JobRetention <= now)
            {
                _jobs.TryRemove(id, out _);
            }
        }
    }
}
