using ArtifactKeeper.Gc;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>
/// DESIGN invariant 4, step by step: every order of a push's link and the collector's delete (or unlink) leaves either
/// the push refused with an answer that makes the client upload again, or the blob kept. Never an acknowledged manifest
/// without its bytes.
/// </summary>
[Collection(GcClusterCollection.Name)]
public sealed class GcInterleavingTests(RegistryClusterFixture fixture)
{
    private readonly GcHarness _gc = new(fixture);

    [Fact]
    public async Task Link_before_begin_delete_keeps_the_blob()
    {
        var (digest, _) = await UnlinkedBlobAsync();
        Assert.Equal(LinkOutcome.Linked, await TryPublishAgainAsync(digest, TestContent.NewRepository()));

        var begun = await _gc.Blob(digest).TryBeginDeleteAsync(TimeSpan.Zero);

        Assert.Equal(DeleteOutcome.StillReferenced, begun.Outcome);
        Assert.True(await _gc.HasIntactBlobAsync(digest));
    }

    [Fact]
    public async Task Begin_delete_before_link_refuses_the_link_until_the_delete_completes_then_a_reupload_succeeds()
    {
        var (digest, bytes) = await UnlinkedBlobAsync();
        var repository = TestContent.NewRepository();

        Assert.Equal(DeleteOutcome.Deleted, (await _gc.Blob(digest).TryBeginDeleteAsync(TimeSpan.Zero)).Outcome);
        Assert.Equal(LinkOutcome.BlobGone, await TryPublishAgainAsync(digest, repository, bytes));
        Assert.Equal(LinkOutcome.BlobGone, await _gc.Blob(digest).TryLinkAsync(repository, null));
        Assert.False(await _gc.Blob(digest).IsLinkedAsync(repository));

        await fixture.Blobs.DeleteManyAsync([digest], CancellationToken.None);
        Assert.True(await _gc.Blob(digest).CompleteDeleteAsync());
        Assert.Equal(LinkOutcome.Linked, await TryPublishAgainAsync(digest, repository, bytes));

        Assert.True(await _gc.HasIntactBlobAsync(digest));
        Assert.True(await _gc.Blob(digest).IsLinkedAsync(repository));
    }

    [Fact]
    public async Task A_publish_during_a_delete_in_progress_waits_for_it_and_then_links_fresh_bytes()
    {
        var (digest, bytes) = await UnlinkedBlobAsync();
        var repository = TestContent.NewRepository();
        Assert.Equal(DeleteOutcome.Deleted, (await _gc.Blob(digest).TryBeginDeleteAsync(TimeSpan.Zero)).Outcome);
        var uploadId = TestContent.NewUploadId();
        await TestContent.WriteUploadAsync(fixture, uploadId, bytes);

        var publishing = _gc.Blob(digest).PublishAsync(uploadId, bytes.Length, repository, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        Assert.False(publishing.IsCompleted); // refused while Deleting, so still waiting
        await fixture.Blobs.DeleteManyAsync([digest], CancellationToken.None);
        Assert.True(await _gc.Blob(digest).CompleteDeleteAsync());

        Assert.Equal(LinkOutcome.Linked, await publishing);
        Assert.True(await _gc.HasIntactBlobAsync(digest));
        Assert.True(await _gc.Blob(digest).IsLinkedAsync(repository));
    }

    [Fact]
    public async Task A_publish_gives_up_after_its_wait_while_the_blob_stays_deleting()
    {
        var (digest, bytes) = await UnlinkedBlobAsync();
        Assert.Equal(DeleteOutcome.Deleted, (await _gc.Blob(digest).TryBeginDeleteAsync(TimeSpan.Zero)).Outcome);
        var uploadId = TestContent.NewUploadId();
        await TestContent.WriteUploadAsync(fixture, uploadId, bytes);

        var outcome = await _gc.Blob(digest).PublishAsync(uploadId, bytes.Length, TestContent.NewRepository(), CancellationToken.None, TimeSpan.FromMilliseconds(200));

        Assert.Equal(LinkOutcome.BlobGone, outcome);
        await fixture.Blobs.DeleteManyAsync([digest], CancellationToken.None);
        Assert.True(await _gc.Blob(digest).CompleteDeleteAsync());
    }

    [Fact]
    public async Task A_blob_left_deleting_by_a_dead_run_is_finished_by_the_next()
    {
        var (digest, _) = await UnlinkedBlobAsync();
        Assert.Equal(DeleteOutcome.Deleted, (await _gc.Blob(digest).TryBeginDeleteAsync(TimeSpan.Zero)).Outcome);
        await fixture.ReactivateAsync(_gc.Blob(digest)); // the run died here: row Deleting, bytes still there

        await _gc.RunAsync();

        Assert.Null(await fixture.Metadata.GetBlobAsync(digest, CancellationToken.None));
        Assert.Null(await fixture.Blobs.StatAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task Prune_before_manifest_put_makes_the_put_name_the_missing_blob()
    {
        var repository = TestContent.NewRepository();
        var config = await TestContent.PublishBlobAsync(fixture, repository, TestContent.RandomBytes(30));
        var layerBytes = TestContent.RandomBytes(90);
        var layer = await TestContent.PublishBlobAsync(fixture, repository, layerBytes);

        var pruned = await fixture.Client.GetGrain<IRepositoryGcGrain>(repository).PruneBlobLinksAsync([layer], TimeSpan.Zero, dryRun: false);
        var content = Manifests.Image((config, 30), (layer, layerBytes.Length));
        var put = await _gc.Repository(repository).PutManifestAsync(new PutManifestRequest("v1", null, content));

        Assert.Equal([layer], pruned);
        Assert.Equal(RegistryError.ManifestBlobUnknown, put.Error);
        Assert.Null(await _gc.Repository(repository).GetManifestAsync("v1"));

        // The client uploads the layer again and retries: now it lands.
        await TestContent.PublishBlobAsync(fixture, repository, layerBytes);
        Assert.True((await _gc.Repository(repository).PutManifestAsync(new PutManifestRequest("v1", null, content))).Succeeded);
    }

    [Fact]
    public async Task Manifest_put_before_prune_keeps_the_link()
    {
        var repository = TestContent.NewRepository();
        var image = await _gc.PushAsync(repository, "v1");

        var pruned = await fixture.Client.GetGrain<IRepositoryGcGrain>(repository).PruneBlobLinksAsync([image.Layer, image.Config], TimeSpan.Zero, dryRun: false);

        Assert.Empty(pruned);
        Assert.True(await _gc.Blob(image.Layer).IsLinkedAsync(repository));
    }

    [Fact]
    public async Task An_idle_unlink_within_the_window_is_refused()
    {
        var repository = TestContent.NewRepository();
        var digest = await TestContent.PublishBlobAsync(fixture, repository, TestContent.RandomBytes());

        Assert.False(await _gc.Blob(digest).TryUnlinkIdleAsync(repository, GcHarness.Window));
        Assert.True(await _gc.Blob(digest).IsLinkedAsync(repository));
        Assert.True(await _gc.Blob(digest).TryUnlinkIdleAsync(repository, TimeSpan.Zero));
    }

    private async Task<(string Digest, byte[] Bytes)> UnlinkedBlobAsync()
    {
        var repository = TestContent.NewRepository();
        var bytes = TestContent.RandomBytes(64);
        var digest = await TestContent.PublishBlobAsync(fixture, repository, bytes);
        Assert.True(await _gc.Blob(digest).UnlinkAsync(repository));
        return (digest, bytes);
    }

    private async Task<LinkOutcome> TryPublishAgainAsync(string digest, string repository, byte[]? bytes = null)
    {
        var uploadId = TestContent.NewUploadId();
        if (bytes is not null)
        {
            await TestContent.WriteUploadAsync(fixture, uploadId, bytes);
            return await _gc.Blob(digest).TryPublishAsync(uploadId, bytes.Length, repository);
        }

        return await _gc.Blob(digest).TryLinkAsync(repository, null);
    }
}
