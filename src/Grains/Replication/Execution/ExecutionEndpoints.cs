using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>
/// The remote endpoints opened for running executions: one opened registry per execution and endpoint, shared by every
/// task of that execution, so what its session learns serves them all rather than one: tokens, and preparations made
/// before pushes (a Docker Hub organization, an ECR repository checked or created once per execution, not per task).
/// Each open still reads the stored endpoint, and a changed endpoint (URL, credential: its update time moves) is opened
/// afresh, so a retry after fixing a credential does not reuse the old session. Bounded: at most <see cref="Capacity"/>
/// sessions, each dropped after <see cref="IdleLifetime"/> unused; a dropped one is simply opened again.
/// </summary>
public sealed class ExecutionEndpoints(IRemoteRegistryFactory remotes, TimeProvider clock)
{
    public const int Capacity = 64;
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(30);
    private readonly Lock _gate = new();
    private readonly Dictionary<(long Execution, long Registry), Opened> _opened = [];

    /// <summary>The endpoint opened for <paramref name="executionId"/>, or null when there is no endpoint with this id.</summary>
    public async Task<IRemoteRegistry?> OpenAsync(long executionId, long registryId, CancellationToken cancellationToken)
    {
        var key = (executionId, registryId);
        var fresh = await remotes.OpenAsync(registryId, cancellationToken);
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            DropIdle(now);
            if (fresh is null)
            {
                _opened.Remove(key);
                return null;
            }

            if (_opened.TryGetValue(key, out var opened) && SameSettings(opened.Registry.Endpoint, fresh.Endpoint))
            {
                opened.LastUsed = now;
                return opened.Registry;
            }

            if (!_opened.ContainsKey(key) && _opened.Count >= Capacity)
            {
                _opened.Remove(_opened.MinBy(p => p.Value.LastUsed).Key);
            }

            _opened[key] = new Opened(fresh) { LastUsed = now };
            return fresh;
        }
    }

    /// <summary>Sessions held now (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _opened.Count;
            }
        }
    }

    // A ping rewrites the status; nothing else about how the endpoint is reached changes without moving the update time.
    private static bool SameSettings(RegistryEndpoint held, RegistryEndpoint stored) =>
        held with { Status = string.Empty } == stored with { Status = string.Empty };

    private void DropIdle(DateTimeOffset now)
    {
        foreach (var key in _opened.Where(p => now - p.Value.LastUsed > IdleLifetime).Select(p => p.Key).ToList())
        {
            _opened.Remove(key);
        }
    }

    private sealed class Opened(IRemoteRegistry registry)
    {
        public IRemoteRegistry Registry { get; } = registry;

        public DateTimeOffset LastUsed { get; set; }
    }
}
