namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// Which repositories of a destination registry this process recently pushed (or mounted) a blob to, so the next copy
/// of the same blob to another repository there can mount it instead of sending its bytes again. Bounded: at most
/// <see cref="Capacity"/> blobs, a few repositories each; when full it simply starts over (a miss only costs an upload).
/// A remote destination is known by its URL and account (one endpoint opened twice is the same registry; another
/// account may not read what this one pushed); any other registry by the instance itself.
/// </summary>
public sealed class RecentBlobLocations
{
    public const int Capacity = 20_000;
    private const int RepositoriesPerBlob = 4;

    private readonly Lock _gate = new();
    private readonly Dictionary<(object Registry, string Digest), List<string>> _locations = [];
    private readonly Dictionary<(object Registry, string Digest), TaskCompletionSource> _pushing = [];

    /// <summary>
    /// Claims the upload of a blob to a registry. True: this caller leads and must call <see cref="EndPush"/> when done,
    /// whatever happened. False: another copy is sending the same bytes there right now; <paramref name="inFlight"/>
    /// ends with that upload, after which the blob can usually be mounted from where it went.
    /// </summary>
    public bool TryLeadPush(IOciRegistry registry, string digest, out Task inFlight)
    {
        var key = (KeyOf(registry), digest);
        lock (_gate)
        {
            if (_pushing.TryGetValue(key, out var leader))
            {
                inFlight = leader.Task;
                return false;
            }

            _pushing[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            inFlight = Task.CompletedTask;
            return true;
        }
    }

    /// <summary>Ends an upload claimed with <see cref="TryLeadPush"/>, releasing the copies waiting for it.</summary>
    public void EndPush(IOciRegistry registry, string digest)
    {
        TaskCompletionSource? leader;
        lock (_gate)
        {
            var key = (KeyOf(registry), digest);
            if (_pushing.Remove(key, out leader))
            {
                leader.TrySetResult();
            }
        }
    }

    public void Remember(IOciRegistry registry, string digest, string repository)
    {
        var key = (KeyOf(registry), digest);
        lock (_gate)
        {
            if (!_locations.TryGetValue(key, out var repositories))
            {
                if (_locations.Count >= Capacity)
                {
                    _locations.Clear();
                }

                repositories = [];
                _locations[key] = repositories;
            }

            repositories.Remove(repository);
            repositories.Insert(0, repository);
            if (repositories.Count > RepositoriesPerBlob)
            {
                repositories.RemoveAt(repositories.Count - 1);
            }
        }
    }

    /// <summary>Repositories of <paramref name="registry"/> other than <paramref name="except"/> known to hold the blob, latest first.</summary>
    public IReadOnlyList<string> Find(IOciRegistry registry, string digest, string except)
    {
        lock (_gate)
        {
            return _locations.TryGetValue((KeyOf(registry), digest), out var repositories)
                ? repositories.Where(r => !string.Equals(r, except, StringComparison.Ordinal)).ToList()
                : [];
        }
    }

    /// <summary>Forgets a location that turned out not to hold the blob any more.</summary>
    public void Forget(IOciRegistry registry, string digest, string repository)
    {
        lock (_gate)
        {
            if (_locations.TryGetValue((KeyOf(registry), digest), out var repositories))
            {
                repositories.Remove(repository);
            }
        }
    }

    private static object KeyOf(IOciRegistry registry) =>
        registry is IRemoteRegistry remote ? $"{remote.Endpoint.Url}|{remote.Endpoint.AccessKey}" : registry;
}
