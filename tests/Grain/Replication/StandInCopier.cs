using System.Collections.Concurrent;
using System.Net;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// A stand-in for the copier (the real ArtifactCopier is being built in parallel by another piece; the lead swaps it
/// in). Per digest it can fail transiently a set number of times, refuse for good, or hold until released; it counts
/// attempts and how many copies run at once, and records the requests it saw.
/// </summary>
public sealed class StandInCopier : IArtifactCopier
{
    public const long BytesPerCopy = 4096;

    private readonly ConcurrentDictionary<string, int> _transientFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _denied = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _completed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _cancelled = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ArtifactCopyRequest> _requests = new();
    private readonly ConcurrentQueue<(string Repository, string Digest)> _deletions = new();
    private int _running;
    private int _maxRunning;

    public int Running => Volatile.Read(ref _running);

    /// <summary>The most copies that ever ran at once.</summary>
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public IReadOnlyCollection<ArtifactCopyRequest> Requests => _requests;

    public IReadOnlyCollection<(string Repository, string Digest)> Deletions => _deletions;

    public void FailTransiently(string digest, int times) => _transientFailures[digest] = times;

    public void Deny(string digest) => _denied[digest] = true;

    public void Allow(string digest) => _denied.TryRemove(digest, out _);

    /// <summary>Copies of <paramref name="digest"/> wait (after reporting progress) until <see cref="Release"/> or cancellation.</summary>
    public void Hold(string digest) => _holds[digest] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string digest)
    {
        if (_holds.TryRemove(digest, out var hold))
        {
            hold.TrySetResult();
        }
    }

    public int Attempts(string digest) => _attempts.GetValueOrDefault(digest);

    public int Completed(string digest) => _completed.GetValueOrDefault(digest);

    public int Cancelled(string digest) => _cancelled.GetValueOrDefault(digest);

    public async Task<ArtifactCopyResult> CopyAsync(ArtifactCopyRequest request, IProgress<long>? bytesSent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _requests.Enqueue(request);
        var running = Interlocked.Increment(ref _running);
        try
        {
            InterlockedMax(ref _maxRunning, running);
            var digest = request.Digest;
            _attempts.AddOrUpdate(digest, 1, (_, n) => n + 1);
            if (_transientFailures.TryGetValue(digest, out var left) && left > 0)
            {
                _transientFailures[digest] = left - 1;
                throw new OciRegistryException("503 Service Unavailable from the stand-in", HttpStatusCode.ServiceUnavailable, transient: true);
            }

            if (_denied.ContainsKey(digest))
            {
                throw new OciRegistryException("denied: requested access to the resource is denied", HttpStatusCode.Forbidden, transient: false, "DENIED");
            }

            bytesSent?.Report(BytesPerCopy / 2);
            if (_holds.TryGetValue(digest, out var hold))
            {
                try
                {
                    await hold.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    _cancelled.AddOrUpdate(digest, 1, (_, n) => n + 1);
                    throw;
                }
            }

            bytesSent?.Report(BytesPerCopy);
            _completed.AddOrUpdate(digest, 1, (_, n) => n + 1);
            return new ArtifactCopyResult(1, 2, 0, 0, BytesPerCopy, []);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task<bool> DeleteAsync(IOciRegistry destination, string repository, string digest, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        _deletions.Enqueue((repository, digest));
        return Task.FromResult(true);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
