using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>When the blob store fails to delete a batch, nothing is half-done: blobs stay Deleting until a run finishes them.</summary>
[Collection(GcClusterCollection.Name)]
public sealed class GcByteDeleteFailureTests(RegistryClusterFixture fixture)
{
    private readonly GcHarness _gc = new(fixture);

    private static TimeSpan PastWindow => GcHarness.Window + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_batch_that_fails_once_is_retried_within_the_run()
    {
        var orphan = await PushAndDeleteAsync();
        fixture.BlobFaults.FailNextBatchDeletes(1);

        var run = await _gc.RunAsync();

        Assert.True(run.Figures.BlobsDeleted >= 2);
        Assert.False(await _gc.HasIntactBlobAsync(orphan.Layer));
        Assert.Null(await fixture.Metadata.GetBlobAsync(orphan.Layer, CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_that_keeps_failing_stays_deleting_refuses_links_and_the_next_run_finishes_it()
    {
        var orphan = await PushAndDeleteAsync();
        fixture.BlobFaults.FailNextBatchDeletes(3);

        var failed = await _gc.RunAsync();

        var log = await fixture.Metadata.GetGcRunLogAsync(failed.Id, CancellationToken.None);
        Assert.Contains("ERROR deleting the bytes of", log, StringComparison.Ordinal);
        Assert.Equal(BlobState.Deleting, (await fixture.Metadata.GetBlobAsync(orphan.Layer, CancellationToken.None))?.State);
        Assert.NotNull(await fixture.Blobs.StatAsync(orphan.Layer, CancellationToken.None));
        Assert.Equal(LinkOutcome.BlobGone, await _gc.Blob(orphan.Layer).TryLinkAsync(TestContent.NewRepository(), null));

        var next = await _gc.RunAsync();

        Assert.True(next.Figures.BlobsDeleted >= 2);
        Assert.Null(await fixture.Metadata.GetBlobAsync(orphan.Layer, CancellationToken.None));
        Assert.Null(await fixture.Blobs.StatAsync(orphan.Layer, CancellationToken.None));
    }

    private async Task<GcHarness.PushedImage> PushAndDeleteAsync()
    {
        var repository = TestContent.NewRepository();
        var image = await _gc.PushAsync(repository, "doomed");
        Assert.True((await _gc.Repository(repository).TryDeleteManifestAsync(image.Digest)).Succeeded);
        fixture.Clock.Advance(PastWindow);
        return image;
    }
}
