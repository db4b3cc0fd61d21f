namespace ArtifactKeeper.Replication.Transfer.Remote;

/// <summary>
/// Work done once per key for as long as its owner lives (an opened endpoint, which every task of one execution
/// shares): creating a namespace or repository before pushes. Concurrent callers of one key share a single run.
/// Success is remembered, and so is a failure no retry can cure (a refusal: every task gets the same answer without
/// asking again); a transient failure or a cancelled run is forgotten, so the next caller runs the work again.
/// Bounded: when <see cref="Capacity"/> keys are remembered it starts over (a miss only costs the work again).
/// </summary>
public sealed class OnceCache
{
    public const int Capacity = 10_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _runs = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="work"/> unless it ran (or is running) for <paramref name="key"/>; throws what it threw.</summary>
    public async Task RunAsync(string key, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        while (true)
        {
            Task run;
            TaskCompletionSource? lead = null;
            lock (_gate)
            {
                if (!_runs.TryGetValue(key, out run!))
                {
                    if (_runs.Count >= Capacity)
                    {
                        _runs.Clear();
                    }

                    lead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    run = lead.Task;
                    _runs[key] = run;
                }
            }

            if (lead is not null)
            {
                await LeadAsync(key, lead, work, cancellationToken);
                return;
            }

            try
            {
                await run.WaitAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (!IsRemembered(e) && !cancellationToken.IsCancellationRequested)
            {
                // The leader's own trouble (its task stopped, a passing fault): the work is still to be done, perhaps here.
            }
        }
    }

    /// <summary>Forgets every key (tests; an owner that knows its remote changed).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _runs.Clear();
        }
    }

    private async Task LeadAsync(string key, TaskCompletionSource lead, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work(cancellationToken);
            lead.SetResult();
        }
        catch (Exception e)
        {
            if (!IsRemembered(e))
            {
                lock (_gate)
                {
                    if (_runs.TryGetValue(key, out var current) && current == lead.Task)
                    {
                        _runs.Remove(key);
                    }
                }
            }

            lead.SetException(e);

            // Observed here: with no other caller waiting, nobody else would.
            _ = lead.Task.Exception;
            throw;
        }
    }

    private static bool IsRemembered(Exception e) => e is OciRegistryException { Transient: false };
}
