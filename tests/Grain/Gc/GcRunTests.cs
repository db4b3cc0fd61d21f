using ArtifactKeeper.Gc;
using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Tests.Grain.Gc;

[Collection(GcClusterCollection.Name)]
public sealed class GcRunTests(RegistryClusterFixture fixture)
{
    private readonly GcHarness _gc = new(fixture);

    private static TimeSpan PastWindow => GcHarness.Window + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Deleting_one_of_two_images_sharing_a_layer_frees_only_its_own_blobs()
    {
        var repository = TestContent.NewRepository();
        var shared = TestContent.RandomBytes(300);
        var kept = await _gc.PushAsync(repository, "kept", shared);
        var deleted = await _gc.PushAsync(repository, "deleted", shared);
        Assert.True((await _gc.Repository(repository).TryDeleteManifestAsync(deleted.Digest)).Succeeded);
        fixture.Clock.Advance(PastWindow);
        await _gc.RunAsync(); // leftovers of earlier tests in this collection go first

        var orphan = await _gc.PushAsync(repository, "orphan");
        Assert.True((await _gc.Repository(repository).TryDeleteManifestAsync(orphan.Digest)).Succeeded);
        fixture.Clock.Advance(PastWindow);
        var dryRun = await _gc.RunAsync(dryRun: true);
        Assert.True(await _gc.HasIntactBlobAsync(orphan.Layer));
        var run = await _gc.RunAsync();

        Assert.Equal(2, run.Figures.BlobsDeleted);
        Assert.Equal(orphan.ConfigBytes.Length + orphan.LayerBytes.Length, run.Figures.BytesReclaimed);
        Assert.Equal(run.Figures with { DurationMilliseconds = 0 }, dryRun.Figures with { DurationMilliseconds = 0 });
        Assert.False(await _gc.HasIntactBlobAsync(orphan.Layer));
        Assert.False(await _gc.HasIntactBlobAsync(orphan.Config));
        Assert.Null(await fixture.Blobs.StatAsync(orphan.Layer, CancellationToken.None));
        Assert.True(await _gc.HasIntactBlobAsync(kept.Layer));
        Assert.True(await _gc.HasIntactBlobAsync(kept.Config));
        Assert.NotNull(await _gc.Repository(repository).GetManifestAsync("kept"));
        Assert.True(await _gc.Blob(kept.Layer).IsLinkedAsync(repository));
    }

    [Fact]
    public async Task Deleting_a_manifest_unlinks_the_blobs_only_it_used()
    {
        var repository = TestContent.NewRepository();
        var shared = TestContent.RandomBytes(120);
        var first = await _gc.PushAsync(repository, "one", shared);
        var second = await _gc.PushAsync(repository, "two", shared);

        Assert.True((await _gc.Repository(repository).TryDeleteManifestAsync(first.Digest)).Succeeded);

        Assert.False(await _gc.Blob(first.Config).IsLinkedAsync(repository));
        Assert.True(await _gc.Blob(second.Layer).IsLinkedAsync(repository));
        Assert.Equal(0, (await _gc.Blob(first.Config).GetAsync())!.ReferenceCount);
    }

    [Fact]
    public async Task Blobs_touched_within_the_window_survive_and_go_once_it_has_passed()
    {
        var repository = TestContent.NewRepository();
        var abandoned = await TestContent.PublishBlobAsync(fixture, repository, TestContent.RandomBytes(77));

        await _gc.RunAsync();
        Assert.True(await _gc.HasIntactBlobAsync(abandoned));
        Assert.True(await _gc.Blob(abandoned).IsLinkedAsync(repository));

        fixture.Clock.Advance(PastWindow);
        var run = await _gc.RunAsync();

        Assert.False(await _gc.HasIntactBlobAsync(abandoned));
        Assert.True(run.Figures.StaleLinksRemoved >= 1);
        var log = await fixture.Metadata.GetGcRunLogAsync(run.Id, CancellationToken.None);
        Assert.Contains($"removed the unused link of {abandoned} to {repository}", log, StringComparison.Ordinal);
        Assert.Contains($"deleted blob {abandoned} (77 bytes)", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_link_is_restored_and_its_blob_kept()
    {
        var repository = TestContent.NewRepository();
        var image = await _gc.PushAsync(repository, "v1");
        Assert.True(await _gc.Blob(image.Layer).UnlinkAsync(repository)); // drift, as a crash or an old bug might leave
        fixture.Clock.Advance(PastWindow);

        var run = await _gc.RunAsync();

        Assert.True(run.Figures.MissingLinksRepaired >= 1);
        Assert.True(await _gc.Blob(image.Layer).IsLinkedAsync(repository));
        Assert.True(await _gc.HasIntactBlobAsync(image.Layer));
    }

    [Fact]
    public async Task Delete_untagged_removes_unreachable_manifests_and_keeps_what_a_tag_reaches()
    {
        var repository = TestContent.NewRepository();
        var tagged = await _gc.PushAsync(repository, "v1");
        var signature = await _gc.PushAsync(repository, null, subject: tagged.Digest);
        var untagged = await _gc.PushAsync(repository, null);
        var child = await _gc.PushAsync(repository, null);
        var index = Manifests.Index(Manifests.Descriptor(ArtifactKeeper.Registry.Manifests.ManifestMediaTypes.OciManifest, child.Digest, 10));
        Assert.True((await _gc.Repository(repository).PutManifestAsync(new PutManifestRequest("multi", null, index))).Succeeded);
        fixture.Clock.Advance(PastWindow);
        var fresh = await _gc.PushAsync(repository, null);

        var dryRun = await _gc.RunAsync(dryRun: true, deleteUntagged: true);
        Assert.NotNull(await _gc.Repository(repository).GetManifestAsync(untagged.Digest));
        var run = await _gc.RunAsync(deleteUntagged: true);

        Assert.Equal(run.Figures with { DurationMilliseconds = 0 }, dryRun.Figures with { DurationMilliseconds = 0 });
        Assert.Null(await _gc.Repository(repository).GetManifestAsync(untagged.Digest));
        Assert.False(await _gc.HasIntactBlobAsync(untagged.Layer));
        foreach (var keep in new[] { tagged.Digest, signature.Digest, child.Digest, fresh.Digest })
        {
            Assert.NotNull(await _gc.Repository(repository).GetManifestAsync(keep));
        }

        Assert.True(await _gc.HasIntactBlobAsync(signature.Layer));
        Assert.True(await _gc.HasIntactBlobAsync(child.Layer));
        Assert.True(await _gc.HasIntactBlobAsync(fresh.Layer));
    }

    [Fact]
    public async Task A_second_start_while_running_names_the_running_run()
    {
        var first = await _gc.Collector.StartAsync(GcParameters.Default, GcTriggers.Manual);
        var second = await _gc.Collector.StartAsync(GcParameters.Default, GcTriggers.Manual);

        var finished = await _gc.WaitAsync(first.Run.Id);
        if (!second.AlreadyRunning)
        {
            await _gc.WaitAsync(second.Run.Id); // the first had already ended: a second run was the right answer
        }

        Assert.Equal(GcJobStatus.Success, finished.Status);
        Assert.Equal(second.AlreadyRunning, second.Run.Id == first.Run.Id);
    }
}
