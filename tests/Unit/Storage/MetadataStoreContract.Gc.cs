using ArtifactKeeper.Gc;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task Gc_marks_find_unreferenced_links_missing_links_and_unlinked_blobs()
    {
        var store = await StoreAsync();
        var old = T0;
        var recent = T0.AddHours(3);
        var cutoff = T0.AddHours(1);
        await store.PutManifestAsync(
            Manifest("lib/app", "sha256:m1", references: [new("sha256:b-used", ReferenceKind.Blob), new("sha256:b-nolink", ReferenceKind.Blob)], pushedAt: old),
            "v1",
            Ct);
        await store.SaveBlobAndLinkAsync("sha256:b-used", 10, BlobState.Present, old, "lib/app", Ct);
        await store.SaveBlobAsync("sha256:b-nolink", 11, BlobState.Present, old, Ct);
        await store.SaveBlobAndLinkAsync("sha256:b-stale", 12, BlobState.Present, old, "lib/app", Ct);
        await store.SaveBlobAndLinkAsync("sha256:b-stale", 12, BlobState.Present, old, "lib/other", Ct);
        await store.SaveBlobAndLinkAsync("sha256:b-fresh", 13, BlobState.Present, recent, "lib/app", Ct);
        await store.SaveBlobAsync("sha256:b-orphan", 14, BlobState.Present, old, Ct);
        await store.SaveBlobAsync("sha256:b-young-orphan", 15, BlobState.Present, recent, Ct);
        await store.SaveBlobAsync("sha256:b-deleting", 16, BlobState.Deleting, recent, Ct);

        var inventory = await store.CountGcInventoryAsync(Ct);
        var stale = await store.ListUnreferencedLinksAsync(cutoff, null, 10, Ct);
        var staleAfterFirst = await store.ListUnreferencedLinksAsync(cutoff, stale[0], 10, Ct);
        var missing = await store.ListUnlinkedReferencesAsync(null, 10, Ct);
        var unlinked = await store.ListUnlinkedBlobsAsync(cutoff, null, 10, Ct);
        var unlinkedPage2 = await store.ListUnlinkedBlobsAsync(cutoff, unlinked[0].Digest, 10, Ct);

        Assert.Equal(new GcInventory(7, 1), inventory);
        Assert.Equal([new BlobLink("sha256:b-stale", "lib/app"), new BlobLink("sha256:b-stale", "lib/other")], stale);
        Assert.Equal([new BlobLink("sha256:b-stale", "lib/other")], staleAfterFirst);
        Assert.Equal([new BlobLink("sha256:b-nolink", "lib/app")], missing);
        Assert.Equal(
            [new GcCandidate("sha256:b-deleting", 16, BlobState.Deleting), new GcCandidate("sha256:b-nolink", 11, BlobState.Present), new GcCandidate("sha256:b-orphan", 14, BlobState.Present)],
            unlinked);
        Assert.Equal(unlinked.Skip(1), unlinkedPage2);
    }

    [Fact]
    public async Task Gc_lists_repositories_with_old_untagged_manifests_only()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/a", "sha256:tagged", pushedAt: T0), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/b", "sha256:untagged", pushedAt: T0), null, Ct);
        await store.PutManifestAsync(Manifest("lib/c", "sha256:young", pushedAt: T0.AddHours(5)), null, Ct);
        await store.PutManifestAsync(Manifest("lib/d", "sha256:u2", pushedAt: T0), null, Ct);

        var all = await store.ListRepositoriesWithUntaggedAsync(T0.AddHours(1), null, 10, Ct);
        var afterB = await store.ListRepositoriesWithUntaggedAsync(T0.AddHours(1), "lib/b", 10, Ct);

        Assert.Equal(["lib/b", "lib/d"], all);
        Assert.Equal(["lib/d"], afterB);
    }

    [Fact]
    public async Task Gc_names_the_listed_digests_that_have_a_blob_row_in_any_state()
    {
        var store = await StoreAsync();
        await store.SaveBlobAndLinkAsync("sha256:linked", 1, BlobState.Present, T0, "lib/app", Ct);
        await store.SaveBlobAsync("sha256:unlinked", 2, BlobState.Present, T0, Ct);
        await store.SaveBlobAsync("sha256:going", 3, BlobState.Deleting, T0, Ct);

        var known = await store.ListKnownBlobsAsync(["sha256:going", "sha256:no-row", "sha256:linked", "sha256:unlinked", "sha256:also-none"], Ct);

        Assert.Equal(["sha256:going", "sha256:linked", "sha256:unlinked"], known.Order(StringComparer.Ordinal));
        Assert.Empty(await store.ListKnownBlobsAsync([], Ct));
        Assert.Empty(await store.ListKnownBlobsAsync(["sha256:no-row"], Ct));
    }

    [Fact]
    public async Task Gc_blob_row_is_deleted_only_while_deleting()
    {
        var store = await StoreAsync();
        await store.SaveBlobAndLinkAsync("sha256:present", 1, BlobState.Present, T0, "lib/app", Ct);
        await store.SaveBlobAsync("sha256:going", 2, BlobState.Deleting, T0, Ct);

        await store.DeleteBlobAsync("sha256:present", Ct);
        await store.DeleteBlobAsync("sha256:going", Ct);

        Assert.NotNull(await store.GetBlobAsync("sha256:present", Ct));
        Assert.Null(await store.GetBlobAsync("sha256:going", Ct));
    }

    [Fact]
    public async Task Gc_runs_are_recorded_listed_newest_first_and_logs_appended()
    {
        var store = await StoreAsync();
        var parameters = new GcParameters(DeleteUntagged: true, DryRun: false, Workers: 3);
        var first = await store.CreateGcRunAsync(GcTriggers.Manual, parameters, T0, Ct);
        var second = await store.CreateGcRunAsync(GcTriggers.Schedule, GcParameters.Default, T0.AddMinutes(1), Ct);
        var figures = new GcFigures(10, 2, 5, 1, 300, 1, 0, 0, 1234);

        await store.UpdateGcRunAsync(first.Id, GcJobStatus.Running, GcFigures.Zero, "line one\n", T0.AddSeconds(1), Ct);
        await store.UpdateGcRunAsync(first.Id, GcJobStatus.Success, figures, "line two\n", T0.AddSeconds(2), Ct);
        var (runs, total) = await store.ListGcRunsAsync(0, 10, Ct);
        var (page, _) = await store.ListGcRunsAsync(1, 1, Ct);
        var failed = await store.FailUnfinishedGcRunsAsync("died", T0.AddMinutes(2), Ct);

        Assert.Equal(GcJobStatus.Pending, first.Status);
        Assert.Equal(2, total);
        Assert.Equal([second.Id, first.Id], runs.Select(r => r.Id));
        Assert.Equal(first.Id, Assert.Single(page).Id);
        var stored = await store.GetGcRunAsync(first.Id, Ct);
        Assert.Equal(new GcRun(first.Id, GcTriggers.Manual, parameters, GcJobStatus.Success, figures, T0, T0.AddSeconds(2)), stored);
        Assert.Equal("line one\nline two\n", await store.GetGcRunLogAsync(first.Id, Ct));
        Assert.Equal(1, failed);
        Assert.Equal(GcJobStatus.Error, (await store.GetGcRunAsync(second.Id, Ct))!.Status);
        Assert.Equal("died\n", await store.GetGcRunLogAsync(second.Id, Ct));
        Assert.Null(await store.GetGcRunAsync(999_999, Ct));
        Assert.Null(await store.GetGcRunLogAsync(999_999, Ct));
    }
}
