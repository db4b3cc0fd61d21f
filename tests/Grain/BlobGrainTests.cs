using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain;

[Collection(RegistryClusterCollection.Name)]
public sealed class BlobGrainTests(RegistryClusterFixture fixture)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(2);

    private IBlobGrain Blob(string digest) => fixture.Client.GetGrain<IBlobGrain>(digest);

    [Fact]
    public async Task TryPublish_verified_upload_makes_blob_present_and_linked()
    {
        var repository = TestContent.NewRepository();
        var bytes = TestContent.RandomBytes(100);
        var uploadId = TestContent.NewUploadId();
        var digest = await TestContent.WriteUploadAsync(fixture, uploadId, bytes);

        var outcome = await Blob(digest).TryPublishAsync(uploadId, bytes.Length, repository);

        Assert.Equal(LinkOutcome.Linked, outcome);
        var info = await Blob(digest).GetAsync();
        Assert.NotNull(info);
        Assert.Equal(BlobState.Present, info.State);
        Assert.Equal(100, info.Size);
        Assert.Equal(1, info.ReferenceCount);
        Assert.True(await Blob(digest).IsLinkedAsync(repository));
        Assert.Equal(new ArtifactKeeper.Storage.Blobs.BlobStat(digest, 100), await fixture.Blobs.StatAsync(digest, CancellationToken.None));
        Assert.Null(await fixture.Blobs.DigestUploadAsync(uploadId, CancellationToken.None));
    }

    [Fact]
    public async Task IsLinked_other_repository_returns_false()
    {
        var digest = await TestContent.PublishBlobAsync(fixture, TestContent.NewRepository(), TestContent.RandomBytes());

        Assert.False(await Blob(digest).IsLinkedAsync(TestContent.NewRepository()));
    }

    [Fact]
    public async Task GetAsync_never_published_digest_returns_null()
    {
        var digest = TestContent.DigestOf(TestContent.RandomBytes());

        Assert.Null(await Blob(digest).GetAsync());
        Assert.False(await Blob(digest).IsLinkedAsync("proj/any"));
        Assert.Equal(LinkOutcome.BlobGone, await Blob(digest).TryLinkAsync("proj/any", null));
        Assert.Equal(DeleteOutcome.AlreadyGone, await DeleteAsync(digest, TimeSpan.Zero));
    }

    [Fact]
    public async Task TryLink_mount_from_linked_source_links_target()
    {
        var source = TestContent.NewRepository();
        var target = TestContent.NewRepository();
        var digest = await TestContent.PublishBlobAsync(fixture, source, TestContent.RandomBytes());

        Assert.Equal(LinkOutcome.Linked, await Blob(digest).TryLinkAsync(target, source));

        Assert.True(await Blob(digest).IsLinkedAsync(target));
        Assert.Equal(2, (await Blob(digest).GetAsync())!.ReferenceCount);
    }

    [Fact]
    public async Task TryLink_source_not_linked_returns_NotInSource_and_links_nothing()
    {
        var owner = TestContent.NewRepository();
        var target = TestContent.NewRepository();
        var digest = await TestContent.PublishBlobAsync(fixture, owner, TestContent.RandomBytes());

        var outcome = await Blob(digest).TryLinkAsync(target, TestContent.NewRepository());

        Assert.Equal(LinkOutcome.NotInSource, outcome);
        Assert.False(await Blob(digest).IsLinkedAsync(target));
        Assert.Equal(1, (await Blob(digest).GetAsync())!.ReferenceCount);
    }

    [Fact]
    public async Task TryDelete_while_linked_returns_StillReferenced_and_keeps_bytes()
    {
        var digest = await TestContent.PublishBlobAsync(fixture, TestContent.NewRepository(), TestContent.RandomBytes());
        fixture.Clock.Advance(Window + TimeSpan.FromMinutes(1));

        Assert.Equal(DeleteOutcome.StillReferenced, await DeleteAsync(digest, Window));

        Assert.NotNull(await Blob(digest).GetAsync());
        Assert.NotNull(await fixture.Blobs.StatAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task TryDelete_unlinked_within_window_returns_RecentlyTouched_and_keeps_bytes()
    {
        var repository = TestContent.NewRepository();
        var digest = await TestContent.PublishBlobAsync(fixture, repository, TestContent.RandomBytes());
        Assert.True(await Blob(digest).UnlinkAsync(repository));

        Assert.Equal(DeleteOutcome.RecentlyTouched, await DeleteAsync(digest, Window));

        Assert.Equal(BlobState.Present, (await Blob(digest).GetAsync())!.State);
        Assert.NotNull(await fixture.Blobs.StatAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task Unlink_repository_not_linked_returns_false()
    {
        var repository = TestContent.NewRepository();
        var digest = await TestContent.PublishBlobAsync(fixture, repository, TestContent.RandomBytes());

        Assert.False(await Blob(digest).UnlinkAsync(TestContent.NewRepository()));
        Assert.True(await Blob(digest).IsLinkedAsync(repository));
    }

    [Fact]
    public async Task TryDelete_unlinked_after_window_deletes_bytes_and_metadata()
    {
        var digest = await PublishThenDeleteAsync();

        Assert.Null(await Blob(digest).GetAsync());
        Assert.Null(await fixture.Blobs.StatAsync(digest, CancellationToken.None));
        Assert.Null(await fixture.Metadata.GetBlobAsync(digest, CancellationToken.None));
        Assert.Equal(DeleteOutcome.AlreadyGone, await DeleteAsync(digest, Window));
    }

    [Fact]
    public async Task Invariant4_link_after_delete_returns_BlobGone()
    {
        var digest = await PublishThenDeleteAsync();
        var repository = TestContent.NewRepository();

        Assert.Equal(LinkOutcome.BlobGone, await Blob(digest).TryLinkAsync(repository, null));

        Assert.False(await Blob(digest).IsLinkedAsync(repository));
        Assert.Null(await Blob(digest).GetAsync());
        Assert.Null(await fixture.Blobs.StatAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task Invariant4_link_after_delete_and_reactivation_returns_BlobGone()
    {
        var digest = await PublishThenDeleteAsync();
        await fixture.ReactivateAsync(Blob(digest));

        Assert.Equal(LinkOutcome.BlobGone, await Blob(digest).TryLinkAsync(TestContent.NewRepository(), null));
        Assert.Null(await Blob(digest).GetAsync());
    }

    [Fact]
    public async Task TryPublish_after_delete_brings_blob_back()
    {
        var bytes = TestContent.RandomBytes(80);
        var digest = await PublishThenDeleteAsync(bytes);
        var repository = TestContent.NewRepository();

        Assert.Equal(digest, await TestContent.PublishBlobAsync(fixture, repository, bytes));

        var info = await Blob(digest).GetAsync();
        Assert.NotNull(info);
        Assert.Equal(BlobState.Present, info.State);
        Assert.Equal(80, info.Size);
        Assert.True(await Blob(digest).IsLinkedAsync(repository));
        Assert.NotNull(await fixture.Blobs.StatAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task TryPublish_already_present_blob_links_and_discards_duplicate_upload()
    {
        var bytes = TestContent.RandomBytes();
        var first = TestContent.NewRepository();
        var second = TestContent.NewRepository();
        var digest = await TestContent.PublishBlobAsync(fixture, first, bytes);
        var duplicate = TestContent.NewUploadId();
        await TestContent.WriteUploadAsync(fixture, duplicate, bytes);

        Assert.Equal(LinkOutcome.Linked, await Blob(digest).TryPublishAsync(duplicate, bytes.Length, second));

        Assert.Equal(2, (await Blob(digest).GetAsync())!.ReferenceCount);
        Assert.Null(await fixture.Blobs.DigestUploadAsync(duplicate, CancellationToken.None));
    }

    [Fact]
    public async Task Reactivation_reloads_size_and_links_from_store()
    {
        var first = TestContent.NewRepository();
        var second = TestContent.NewRepository();
        var digest = await TestContent.PublishBlobAsync(fixture, first, TestContent.RandomBytes(33));
        Assert.Equal(LinkOutcome.Linked, await Blob(digest).TryLinkAsync(second, first));
        Assert.True(await Blob(digest).UnlinkAsync(first));

        await fixture.ReactivateAsync(Blob(digest));

        var info = await Blob(digest).GetAsync();
        Assert.NotNull(info);
        Assert.Equal(33, info.Size);
        Assert.Equal(1, info.ReferenceCount);
        Assert.True(await Blob(digest).IsLinkedAsync(second));
        Assert.False(await Blob(digest).IsLinkedAsync(first));
    }

    /// <summary>A GC delete of one blob: begin through its grain, remove the bytes, complete.</summary>
    private async Task<DeleteOutcome> DeleteAsync(string digest, TimeSpan window)
    {
        var begun = await Blob(digest).TryBeginDeleteAsync(window);
        if (begun.Outcome == DeleteOutcome.Deleted)
        {
            await fixture.Blobs.DeleteManyAsync([digest], CancellationToken.None);
            Assert.True(await Blob(digest).CompleteDeleteAsync());
        }

        return begun.Outcome;
    }

    private async Task<string> PublishThenDeleteAsync(byte[]? bytes = null)
    {
        var repository = TestContent.NewRepository();
        var digest = await TestContent.PublishBlobAsync(fixture, repository, bytes ?? TestContent.RandomBytes());
        Assert.True(await Blob(digest).UnlinkAsync(repository));
        fixture.Clock.Advance(Window + TimeSpan.FromMinutes(1));
        Assert.Equal(DeleteOutcome.Deleted, await DeleteAsync(digest, Window));
        return digest;
    }
}
