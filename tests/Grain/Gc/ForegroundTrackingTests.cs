using ArtifactKeeper.Hosting.Background;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>The silo's filter tells the GC's pacer about pushes and pulls, not about the GC's own calls nor status polls.</summary>
[Collection(GcClusterCollection.Name)]
public sealed class ForegroundTrackingTests(RegistryClusterFixture fixture)
{
    [Fact]
    public async Task A_foreground_grain_call_counts_as_activity()
    {
        var activity = fixture.SiloService<ForegroundActivity>();

        await fixture.Client.GetGrain<IBlobGrain>(TestContent.DigestOf(TestContent.RandomBytes(8))).GetAsync();

        Assert.True(activity.WasActiveWithin(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Calls_from_a_background_flow_do_not_count()
    {
        var activity = fixture.SiloService<ForegroundActivity>();
        var quiet = TimeSpan.FromMilliseconds(200);
        await Task.Delay(quiet * 2, TestContext.Current.CancellationToken);
        Assert.False(activity.WasActiveWithin(quiet), "nothing else calls grains in this collection meanwhile");

        await Task.Run(async () =>
        {
            BackgroundWork.MarkCurrentFlow();
            for (var i = 0; i < 5; i++)
            {
                await fixture.Client.GetGrain<IBlobGrain>(TestContent.DigestOf(TestContent.RandomBytes(8))).GetAsync();
            }
        }, TestContext.Current.CancellationToken);

        Assert.False(activity.WasActiveWithin(quiet));
    }

    [Fact]
    public async Task Status_polls_of_background_jobs_do_not_count()
    {
        var activity = fixture.SiloService<ForegroundActivity>();
        var quiet = TimeSpan.FromMilliseconds(200);
        await Task.Delay(quiet * 2, TestContext.Current.CancellationToken);
        Assert.False(activity.WasActiveWithin(quiet), "nothing else calls grains in this collection meanwhile");

        for (var i = 0; i < 5; i++)
        {
            await fixture.Client.GetGrain<ArtifactKeeper.Scanning.IScanAllGrain>(ArtifactKeeper.Scanning.IScanAllGrain.SingletonKey).GetMetricsAsync(null);
        }

        Assert.False(activity.WasActiveWithin(quiet));
    }
}
