using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>
/// Bytes in the blob store without a metadata row (a process died between publishing an upload and writing its row)
/// are collected by the GC through their blob grain, once they are older than the window, and never bytes a row
/// describes.
/// </summary>
[Collection(GcClusterCollection.Name)]
public sealed class GcOrphanBytesTests(RegistryClusterFixture fixture)
{
    private readonly GcHarness _gc = new(fixture);

    private static TimeSpan PastWindow => GcHarness.Window + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Old_bytes_without_a_row_are_deleted_and_the_dry_run_reports_them_first()
    {
        var kept = await _gc.PushAsync(TestContent.NewRepository(), "kept");
        var orphan = await PublishWithoutRowAsync(TestContent.RandomBytes(321));
        fixture.Clock.Advance(PastWindow);

        var dry = await _gc.RunAsync(dryRun: true);
        var dryLog = await fixture.Metadata.GetGcRunLogAsync(dry.Id, CancellationToken.None);

        Assert.Contains($"would delete orphaned bytes of {orphan} (321 bytes", dryLog, StringComparison.Ordinal);
        Assert.NotNull(await fixture.Blobs.StatAsync(orphan, CancellationToken.None));

        var real = await _gc.RunAsync();
        var log = await fixture.Metadata.GetGcRunLogAsync(real.Id, CancellationToken.None);

        Assert.Contains($"deleted orphaned bytes of {orphan} (321 bytes", log, StringComparison.Ordinal);
        Assert.Null(await fixture.Blobs.StatAsync(orphan, CancellationToken.None));
        Assert.Equal(dry.Figures.BlobsDeleted, real.Figures.BlobsDeleted);
        Assert.Equal(dry.Figures.BytesReclaimed, real.Figures.BytesReclaimed);
        Assert.True(await _gc.HasIntactBlobAsync(kept.Config));
        Assert.True(await _gc.HasIntactBlobAsync(kept.Layer));
    }

    [Fact]
    public async Task Bytes_without_a_row_written_within_the_window_stay()
    {
        var orphan = await PublishWithoutRowAsync(TestContent.RandomBytes(123));
        var window = fixture.Gc.TimeWindow;

        // Earlier tests moved the clock on; a window longer than that makes these bytes young whatever ran before.
        fixture.Gc.TimeWindow = fixture.Clock.Offset + TimeSpan.FromHours(1);
        try
        {
            var run = await _gc.RunAsync();
            var log = await fixture.Metadata.GetGcRunLogAsync(run.Id, CancellationToken.None);

            Assert.DoesNotContain(orphan, log, StringComparison.Ordinal);
            Assert.NotNull(await fixture.Blobs.StatAsync(orphan, CancellationToken.None));
        }
        finally
        {
            fixture.Gc.TimeWindow = window;
            await fixture.Blobs.DeleteAsync(orphan, CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_blob_grain_never_deletes_bytes_a_row_describes()
    {
        var repository = TestContent.NewRepository();
        var bytes = TestContent.RandomBytes(77);
        var digest = await TestContent.PublishBlobAsync(fixture, repository, bytes);
        Assert.True(await _gc.Blob(digest).UnlinkAsync(repository));
        fixture.Clock.Advance(PastWindow);

        var result = await _gc.Blob(digest).TryDeleteOrphanBytesAsync(TimeSpan.Zero, dryRun: false);

        Assert.Equal(DeleteOutcome.StillReferenced, result.Outcome);
        Assert.True(await _gc.HasIntactBlobAsync(digest));
    }

    [Fact]
    public async Task A_digest_with_no_bytes_and_no_row_is_already_gone()
    {
        var digest = TestContent.DigestOf(TestContent.RandomBytes(10));

        var result = await _gc.Blob(digest).TryDeleteOrphanBytesAsync(TimeSpan.Zero, dryRun: false);

        Assert.Equal(DeleteOutcome.AlreadyGone, result.Outcome);
    }

    /// <summary>What a crash between the store's publish and the grain's row write leaves behind.</summary>
    private async Task<string> PublishWithoutRowAsync(byte[] bytes)
    {
        var uploadId = TestContent.NewUploadId();
        var digest = await TestContent.WriteUploadAsync(fixture, uploadId, bytes);
        await fixture.Blobs.PublishAsync(uploadId, digest, CancellationToken.None);
        Assert.Null(await fixture.Metadata.GetBlobAsync(digest, CancellationToken.None));
        return digest;
    }
}
