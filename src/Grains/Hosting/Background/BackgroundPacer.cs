using System.Diagnostics;

namespace ArtifactKeeper.Hosting.Background;

/// <summary>
/// Keeps background work out of the way of pushes and pulls. While the silo has served foreground calls within the
/// quiet period, paced steps run one at a time, each followed by a pause long enough that the work keeps busy at most
/// <c>loadShare</c> of the time. A step's cost is its wall time, so when load makes steps slower the pauses grow with
/// them. With no foreground calls, steps run concurrently and never pause: an idle registry collects at full speed.
/// </summary>
public sealed class BackgroundPacer : IDisposable
{
    /// <summary>The longest single pause, so a paced run still moves and notices a stop.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(2);

    private readonly ForegroundActivity _activity;
    private readonly TimeSpan _quietPeriod;
    private readonly double _pausePerWork;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public BackgroundPacer(ForegroundActivity activity, double loadShare, TimeSpan quietPeriod)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(loadShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(loadShare, 1);
        _activity = activity;
        _quietPeriod = quietPeriod;

        // Working w then pausing p keeps busy w / (w + p) of the time, which is loadShare when p = w * (1 / loadShare - 1).
        _pausePerWork = (1 / loadShare) - 1;
    }

    /// <summary>True while foreground calls are being served (and a share below 1 is configured), so steps pause.</summary>
    public bool Yielding => _pausePerWork > 0 && _activity.WasActiveWithin(_quietPeriod);

    /// <summary>The pause after a step that took <paramref name="worked"/> while yielding.</summary>
    public TimeSpan PauseAfter(TimeSpan worked)
    {
        if (worked <= TimeSpan.Zero || _pausePerWork <= 0)
        {
            return TimeSpan.Zero;
        }

        var pause = worked * _pausePerWork;
        return pause < MaxPause ? pause : MaxPause;
    }

    /// <summary>Runs one step; while yielding, alone and followed by its pause.</summary>
    public async Task<T> StepAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!Yielding)
        {
            return await step();
        }

        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var result = await step();
            await Task.Delay(PauseAfter(Stopwatch.GetElapsedTime(started)), cancellationToken);
            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    /// <summary>Runs one step without a result; while yielding, alone and followed by its pause.</summary>
    public Task StepAsync(Func<Task> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        return StepAsync(
            async () =>
            {
                await step();
                return true;
            },
            cancellationToken);
    }
}
