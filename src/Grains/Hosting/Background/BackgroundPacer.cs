using System.Diagnostics;

namespace ArtifactKeeper.Hosting.Background;

/// <summary>
/// Keeps background work out of the way of pushes and pulls. Work comes in steps of a kind (a batch of grain calls, a
/// store query) with a number of items. While the silo has served foreground calls within the quiet period, steps
/// run one at a time and each is followed by a pause, so that the work's own cost is at most <c>loadShare</c> of the
/// time: a step whose items cost <c>c</c> is given <c>c / loadShare</c> in all, its wall time included.
/// <para>
/// The cost is learned from steps run while the registry is idle (their wall time per item, smoothed), because under
/// load a step's wall time is mostly waiting behind the foreground work it yields to: charging that would stall the
/// background work without helping anyone. Until a kind has been seen idle, its default cost stands in. With no
/// foreground calls, steps run concurrently and never pause: an idle registry is collected at full speed.
/// </para>
/// </summary>
public sealed class BackgroundPacer : IDisposable
{
    /// <summary>The longest single pause, so a paced run still moves and notices a stop.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(2);

    /// <summary>Weight of the newest idle measurement in a kind's smoothed cost.</summary>
    private const double Smoothing = 0.2;

    private readonly ForegroundActivity _activity;
    private readonly double _loadShare;
    private readonly TimeSpan _quietPeriod;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Dictionary<string, TimeSpan> _costPerItem = new(StringComparer.Ordinal);

    public BackgroundPacer(ForegroundActivity activity, double loadShare, TimeSpan quietPeriod)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(loadShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(loadShare, 1);
        _activity = activity;
        _loadShare = loadShare;
        _quietPeriod = quietPeriod;
    }

    /// <summary>True while foreground calls are being served (and a share below 1 is configured), so steps pause.</summary>
    public bool Yielding => _loadShare < 1 && _activity.WasActiveWithin(_quietPeriod);

    /// <summary>
    /// The pause after a step whose work costs <paramref name="cost"/> and which took <paramref name="wall"/>: the rest
    /// of <c>cost / loadShare</c>, at most <see cref="MaxPause"/>.
    /// </summary>
    public TimeSpan PauseAfter(TimeSpan cost, TimeSpan wall)
    {
        var pause = (cost / _loadShare) - wall;
        return pause <= TimeSpan.Zero ? TimeSpan.Zero : pause < MaxPause ? pause : MaxPause;
    }

    /// <summary>What <paramref name="items"/> items of <paramref name="kind"/> cost: learned while idle, else the default.</summary>
    public TimeSpan CostOf(StepKind kind, int items)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (_costPerItem)
        {
            return (_costPerItem.TryGetValue(kind.Name, out var learned) ? learned : kind.DefaultCostPerItem) * Math.Max(items, 1);
        }
    }

    /// <summary>Folds an idle step's wall time into its kind's cost per item.</summary>
    public void Learn(StepKind kind, int items, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var perItem = wall / Math.Max(items, 1);
        lock (_costPerItem)
        {
            _costPerItem[kind.Name] = _costPerItem.TryGetValue(kind.Name, out var learned)
                ? (learned * (1 - Smoothing)) + (perItem * Smoothing)
                : perItem;
        }
    }

    /// <summary>Runs one step of <paramref name="items"/> items; while yielding, alone and followed by its pause.</summary>
    public async Task<T> StepAsync<T>(StepKind kind, int items, Func<Task<T>> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(step);
        if (!Yielding)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await step();
            if (!Yielding)
            {
                Learn(kind, items, Stopwatch.GetElapsedTime(started));
            }

            return result;
        }

        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var result = await step();
            await Task.Delay(PauseAfter(CostOf(kind, items), Stopwatch.GetElapsedTime(started)), cancellationToken);
            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Runs one step without a result; while yielding, alone and followed by its pause.</summary>
    public Task StepAsync(StepKind kind, int items, Func<Task> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        return StepAsync(
            kind,
            items,
            async () =>
            {
                await step();
                return true;
            },
            cancellationToken);
    }

    public void Dispose() => _oneAtATime.Dispose();
}

/// <summary>A kind of background step, and what one item of it costs until the pacer has measured it idle.</summary>
public sealed record StepKind(string Name, TimeSpan DefaultCostPerItem);
