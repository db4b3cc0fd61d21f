using ArtifactKeeper.Hosting.Background;

namespace ArtifactKeeper.Tests.Hosting.Background;

public sealed class BackgroundPacerTests
{
    private static readonly TimeSpan LongQuiet = TimeSpan.FromMinutes(5);
    private static readonly StepKind Call = new("call", TimeSpan.FromMilliseconds(1));

    [Fact]
    public void Pause_gives_the_step_its_cost_divided_by_the_share_wall_time_included()
    {
        using var pacer = new BackgroundPacer(new ForegroundActivity(), 0.1, LongQuiet);

        Assert.Equal(TimeSpan.FromMilliseconds(90), pacer.PauseAfter(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.FromMilliseconds(40), pacer.PauseAfter(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(60)));
    }

    [Fact]
    public void A_step_slowed_by_foreground_work_past_its_allowance_gets_no_extra_pause()
    {
        using var pacer = new BackgroundPacer(new ForegroundActivity(), 0.1, LongQuiet);

        Assert.Equal(TimeSpan.Zero, pacer.PauseAfter(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void Pause_is_capped_so_a_paced_run_still_moves()
    {
        using var pacer = new BackgroundPacer(new ForegroundActivity(), 0.01, LongQuiet);

        Assert.Equal(BackgroundPacer.MaxPause, pacer.PauseAfter(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Cost_is_the_default_until_learned_then_the_smoothed_idle_measurement()
    {
        using var pacer = new BackgroundPacer(new ForegroundActivity(), 0.1, LongQuiet);

        Assert.Equal(TimeSpan.FromMilliseconds(64), pacer.CostOf(Call, 64));
        pacer.Learn(Call, 10, TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(32), pacer.CostOf(Call, 64));
        pacer.Learn(Call, 10, TimeSpan.FromMilliseconds(15));
        Assert.Equal(TimeSpan.FromMilliseconds(0.5 * 0.8 + 1.5 * 0.2) * 64, pacer.CostOf(Call, 64));
        Assert.Equal(TimeSpan.FromMilliseconds(1), pacer.CostOf(new StepKind("other", TimeSpan.FromMilliseconds(1)), 1));
    }

    [Fact]
    public void Share_of_one_never_yields()
    {
        var activity = new ForegroundActivity();
        activity.Record();
        using var pacer = new BackgroundPacer(activity, 1, LongQuiet);

        Assert.False(pacer.Yielding);
    }

    [Fact]
    public void Yields_only_after_a_foreground_call_and_until_the_quiet_period_passed()
    {
        var activity = new ForegroundActivity();
        using var pacer = new BackgroundPacer(activity, 0.5, TimeSpan.FromMilliseconds(30));

        Assert.False(pacer.Yielding);
        activity.Record();
        Assert.True(pacer.Yielding);
        Thread.Sleep(TimeSpan.FromMilliseconds(120));
        Assert.False(pacer.Yielding);
    }

    [Fact]
    public async Task Steps_overlap_when_nothing_is_yielded_to()
    {
        using var pacer = new BackgroundPacer(new ForegroundActivity(), 0.1, LongQuiet);
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;

        async Task<int> Step()
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }

            // Each step finishes only once the other has started: it completes only if steps run side by side.
            await bothStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return 1;
        }

        var results = await Task.WhenAll(pacer.StepAsync(Call, 1, Step, CancellationToken.None), pacer.StepAsync(Call, 1, Step, CancellationToken.None));

        Assert.Equal([1, 1], results);
    }

    [Fact]
    public async Task Steps_run_one_at_a_time_while_yielding()
    {
        var activity = new ForegroundActivity();
        activity.Record();
        using var pacer = new BackgroundPacer(activity, 0.9, LongQuiet);
        var running = 0;
        var most = 0;

        async Task Step()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref running);
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => pacer.StepAsync(Call, 1, Step, CancellationToken.None)));

        Assert.Equal(1, most);
    }

    [Fact]
    public async Task A_stop_during_a_pause_ends_the_step()
    {
        var activity = new ForegroundActivity();
        activity.Record();
        using var pacer = new BackgroundPacer(activity, 0.01, LongQuiet);
        using var stop = new CancellationTokenSource();

        var step = pacer.StepAsync(
            new StepKind("slow", TimeSpan.FromSeconds(1)),
            1,
            async () =>
            {
                await Task.Delay(10);
                await stop.CancelAsync();
            },
            stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => step);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
