namespace ArtifactKeeper.Scheduling;

/// <summary>One job kind the scheduler can fire, and how to reach the grain of a job of that kind by its key.</summary>
public sealed record ScheduledJobRegistration(string Kind, Func<IGrainFactory, string, IScheduledJobGrain> Resolve);

/// <summary>
/// The scheduler's dispatch: job kind → <see cref="IScheduledJobGrain"/>, filled by
/// <see cref="SchedulingServiceCollectionExtensions.AddScheduledJob"/> so GC, retention, replication and scan-all
/// plug in without the scheduler knowing them.
/// </summary>
public sealed class ScheduledJobDispatch
{
    private readonly Dictionary<string, Func<IGrainFactory, string, IScheduledJobGrain>> _kinds = new(StringComparer.Ordinal);

    public ScheduledJobDispatch(IEnumerable<ScheduledJobRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var registration in registrations)
        {
            if (!_kinds.TryAdd(registration.Kind, registration.Resolve))
            {
                throw new InvalidOperationException($"the scheduled job kind '{registration.Kind}' is registered twice");
            }
        }
    }

    /// <summary>The registered kinds, in ordinal order.</summary>
    public IReadOnlyList<string> Kinds => [.. _kinds.Keys.Order(StringComparer.Ordinal)];

    public bool IsKnown(string kind) => _kinds.ContainsKey(kind);

    /// <summary>The grain that runs <paramref name="job"/>, or null when its kind is not registered.</summary>
    public IScheduledJobGrain? Resolve(IGrainFactory grains, ScheduledJobKey job)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(job);
        return _kinds.TryGetValue(job.Kind, out var resolve) ? resolve(grains, job.Key) : null;
    }
}
