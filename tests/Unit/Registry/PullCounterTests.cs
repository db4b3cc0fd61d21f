using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Registry;

public sealed class PullCounterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Drain_merges_pulls_per_manifest_with_the_latest_time()
    {
        var counter = new PullCounter();
        counter.Record("lib/app", "sha256:a", T0.AddSeconds(2));
        counter.Record("lib/app", "sha256:a", T0);
        counter.Record("lib/app", "sha256:b", T0.AddSeconds(1));
        counter.Record("lib/other", "sha256:a", T0);

        var tallies = counter.Drain().OrderBy(t => t.Repository, StringComparer.Ordinal).ThenBy(t => t.Digest, StringComparer.Ordinal);

        Assert.Equal(
            [new PullTally("lib/app", "sha256:a", 2, T0.AddSeconds(2)), new PullTally("lib/app", "sha256:b", 1, T0.AddSeconds(1)), new PullTally("lib/other", "sha256:a", 1, T0)],
            tallies);
    }

    [Fact]
    public void Drain_resets_counts_and_retires_idle_counters()
    {
        var counter = new PullCounter();
        counter.Record("lib/app", "sha256:a", T0);

        Assert.Single(counter.Drain());
        Assert.Empty(counter.Drain());
        Assert.Equal(0, counter.TrackedCount);

        counter.Record("lib/app", "sha256:a", T0.AddMinutes(1));
        Assert.Equal([new PullTally("lib/app", "sha256:a", 1, T0.AddMinutes(1))], counter.Drain());
    }

    [Fact]
    public void Restore_adds_tallies_back_for_the_next_drain()
    {
        var counter = new PullCounter();
        counter.Record("lib/app", "sha256:a", T0);
        var failed = counter.Drain();
        counter.Record("lib/app", "sha256:a", T0.AddSeconds(5));

        counter.Restore(failed);

        Assert.Equal([new PullTally("lib/app", "sha256:a", 2, T0.AddSeconds(5))], counter.Drain());
    }

    [Fact]
    public void Add_refuses_counts_below_one()
    {
        var counter = new PullCounter();

        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Add("lib/app", "sha256:a", 0, T0));
        Assert.Empty(counter.Drain());
    }

    [Fact]
    public async Task Concurrent_pulls_racing_drains_are_each_counted_exactly_once()
    {
        var counter = new PullCounter();
        const int threads = 4;
        const int pullsPerThread = 50_000;
        var drained = new List<PullTally>();
        using var done = new CancellationTokenSource();
        var drainer = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                drained.AddRange(counter.Drain());
            }
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < pullsPerThread; i++)
            {
                counter.Record("lib/app", i % 2 == 0 ? "sha256:a" : "sha256:b", T0);
            }
        }, TestContext.Current.CancellationToken)));
        await done.CancelAsync();
        await drainer;
        drained.AddRange(counter.Drain());

        Assert.Equal((long)threads * pullsPerThread, drained.Sum(t => t.Count));
        Assert.Equal(threads * pullsPerThread / 2, drained.Where(t => t.Digest == "sha256:a").Sum(t => t.Count));
    }
}
