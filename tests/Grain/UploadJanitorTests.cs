using ArtifactKeeper.Hosting;
using ArtifactKeeper.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Tests.Grain;

[Collection(RegistryClusterCollection.Name)]
public sealed class UploadJanitorTests(RegistryClusterFixture fixture)
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(24);

    private ExpiredUploadSweeper NewJanitor() => new(
        fixture.Metadata,
        fixture.Blobs,
        fixture.Client,
        Options.Create(new UploadOptions { Expiry = Expiry }),
        fixture.Clock,
        NullLogger<ExpiredUploadSweeper>.Instance);

    private IUploadGrain Upload(string id) => fixture.Client.GetGrain<IUploadGrain>(id);

    [Fact]
    public async Task Sweep_cancels_expired_uploads_and_keeps_fresh_ones()
    {
        var stale = await StartWithBytesAsync();
        fixture.Clock.Advance(Expiry + TimeSpan.FromMinutes(1));
        var fresh = await StartWithBytesAsync();

        var cancelled = await NewJanitor().SweepAsync(CancellationToken.None);

        Assert.True(cancelled >= 1);
        Assert.Null(await Upload(stale).GetAsync());
        Assert.Null(await fixture.Metadata.GetUploadAsync(stale, CancellationToken.None));
        Assert.Null(await fixture.Blobs.DigestUploadAsync(stale, CancellationToken.None));
        Assert.NotNull(await Upload(fresh).GetAsync());
        Assert.NotNull(await fixture.Metadata.GetUploadAsync(fresh, CancellationToken.None));
        Assert.NotNull(await fixture.Blobs.DigestUploadAsync(fresh, CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_keeps_old_upload_that_received_a_chunk_recently()
    {
        var id = await StartWithBytesAsync();
        fixture.Clock.Advance(Expiry - TimeSpan.FromHours(1));
        Assert.True((await Upload(id).TryBeginChunkAsync(0)).Granted);
        Assert.NotNull(await Upload(id).EndChunkAsync(16));
        fixture.Clock.Advance(TimeSpan.FromHours(2));

        await NewJanitor().SweepAsync(CancellationToken.None);

        Assert.Equal(16, (await Upload(id).GetAsync())!.Offset);
    }

    [Fact]
    public async Task Sweep_with_nothing_expired_cancels_nothing()
    {
        await NewJanitor().SweepAsync(CancellationToken.None);
        var id = await StartWithBytesAsync();

        Assert.Equal(0, await NewJanitor().SweepAsync(CancellationToken.None));
        Assert.NotNull(await Upload(id).GetAsync());
    }

    private async Task<string> StartWithBytesAsync()
    {
        var id = TestContent.NewUploadId();
        await Upload(id).StartAsync(TestContent.NewRepository());
        await TestContent.WriteUploadAsync(fixture, id, TestContent.RandomBytes(16));
        return id;
    }
}
