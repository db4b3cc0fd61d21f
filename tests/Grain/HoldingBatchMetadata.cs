using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain;

/// <summary>
/// The real batch deletion store, except that a test can hold batch deletions at their start: while a hold is armed,
/// every batch waits (before it touches the store) until the hold is released, so a test can act at a known point in
/// the middle of a retention pass. Unarmed, everything passes straight through.
/// </summary>
public sealed class HoldingBatchMetadata(IRepositoryBatchMetadata inner) : IRepositoryBatchMetadata
{
    private readonly Lock _gate = new();
    private Hold? _hold;

    /// <summary>Holds every batch deletion from now on until the returned hold is released.</summary>
    public Hold Arm()
    {
        lock (_gate)
        {
            if (_hold is not null)
            {
                throw new InvalidOperationException("a hold is already armed");
            }

            return _hold = new Hold(this);
        }
    }

    public async Task DeleteTagsAndManifestsAsync(string repository, IReadOnlyCollection<string> tags, IReadOnlyCollection<string> manifests, CancellationToken cancellationToken)
    {
        Hold? hold;
        lock (_gate)
        {
            hold = _hold;
        }

        if (hold is not null)
        {
            await hold.WaitAsync(repository, cancellationToken);
        }

        await inner.DeleteTagsAndManifestsAsync(repository, tags, manifests, cancellationToken);
    }

    private void Disarm(Hold hold)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_hold, hold))
            {
                _hold = null;
            }
        }
    }

    /// <summary>One armed hold: which repositories have a batch waiting on it, and its release.</summary>
    public sealed class Hold(HoldingBatchMetadata owner) : IDisposable
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private readonly HashSet<string> _held = new(StringComparer.Ordinal);
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Waits until batches of at least <paramref name="count"/> different repositories are held; answers them.</summary>
        public async Task<IReadOnlySet<string>> WaitForHeldAsync(int count, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_held.Count >= count)
                    {
                        return _held.ToHashSet(StringComparer.Ordinal);
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(cancellationToken);
            }
        }

        /// <summary>Lets every held batch, and every later one, through; the store is unarmed afterwards.</summary>
        public void Dispose()
        {
            owner.Disarm(this);
            _released.TrySetResult();
        }

        internal async Task WaitAsync(string repository, CancellationToken cancellationToken)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                _held.Add(repository);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }
}
