using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>A GC run removes upload sessions older than the upload expiry and counts them; a dry run only counts.</summary>
[Collection(GcClusterCollection.Name)]
public sealed class GcExpiredUploadsTests(RegistryClusterFixture fixture)
{
    private readonly GcHarness _gc = new(fixture);

    /// <summary>Past the fixture's <c>UploadOptions.Expiry</c> (the default, 24 hours).</summary>
    private static readonly TimeSpan PastExpiry = TimeSpan.FromHours(25);

    [Fact]
    public async Task Expired_uploads_are_counted_by_a_dry_run_and_removed_by_the_real_run()
    {
        var expired = await StartWithBytesAsync();
        fixture.Clock.Advance(PastExpiry);
        var fresh = await StartWithBytesAsync();

        var dry = await _gc.RunAsync(dryRun: true);

        Assert.True(dry.Figures.UploadsRemoved >= 1);
        Assert.NotNull(await fixture.Metadata.GetUploadAsync(expired, CancellationToken.None));

        var real = await _gc.RunAsync();

        Assert.Equal(dry.Figures.UploadsRemoved, real.Figures.UploadsRemoved);
        Assert.Null(await fixture.Metadata.GetUploadAsync(expired, CancellationToken.None));
        Assert.Null(await fixture.Blobs.DigestUploadAsync(expired, CancellationToken.None));
        Assert.NotNull(await fixture.Metadata.GetUploadAsync(fresh, CancellationToken.None));
        Assert.NotNull(await fixture.Blobs.DigestUploadAsync(fresh, CancellationToken.None));
    }

    private async Task<string> StartWithBytesAsync()
    {
        var id = TestContent.NewUploadId();
        await fixture.Client.GetGrain<IUploadGrain>(id).StartAsync(TestContent.NewRepository());
        await TestContent.WriteUploadAsync(fixture, id, TestContent.RandomBytes(16));
        return id;
    }
}
