using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Retention's batched deletions on every backend: many tags and manifests, and many quota releases, in one call.</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task DeleteTagsAndManifests_removes_the_tags_and_the_manifests_with_their_tags_and_references_only()
    {
        var store = await StoreAsync();
        var layer = new ManifestReference("sha256:layer", ReferenceKind.Blob);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m1", references: [layer]), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m1", references: [layer]), "v1-alias", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m2", references: [layer]), "v2", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m2", references: [layer]), "v2-alias", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m3", references: [layer]), "v3", Ct);
        await store.PutManifestAsync(Manifest("lib/other", "sha256:m1", references: [layer]), "v1", Ct);

        await store.DeleteTagsAndManifestsAsync("lib/app", ["v2-alias", "v3", "unknown"], ["sha256:m1", "sha256:missing"], Ct);

        var app = await (await CreateStoreAsync()).LoadRepositoryAsync("lib/app", Ct);
        Assert.Equal(["sha256:m2", "sha256:m3"], app.Manifests.Select(m => m.Digest).Order(StringComparer.Ordinal));
        Assert.Equal([("v2", "sha256:m2")], app.Tags.Select(t => (t.Name, t.Digest)));
        Assert.Equal([layer], app.Manifests.Single(m => m.Digest == "sha256:m2").References);
        var other = await store.LoadRepositoryAsync("lib/other", Ct);
        Assert.Equal("sha256:m1", Assert.Single(other.Manifests).Digest);
        Assert.Equal("v1", Assert.Single(other.Tags).Name);
    }

    [Fact]
    public async Task DeleteTagsAndManifests_with_nothing_to_delete_changes_nothing()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m1"), "v1", Ct);

        await store.DeleteTagsAndManifestsAsync("lib/app", [], [], Ct);
        await store.DeleteTagsAndManifestsAsync("lib/nothing", ["v1"], ["sha256:m1"], Ct);

        var app = await store.LoadRepositoryAsync("lib/app", Ct);
        Assert.Single(app.Manifests);
        Assert.Single(app.Tags);
    }

    [Fact]
    public async Task ReleaseQuotaMany_frees_each_digest_once_its_last_reference_goes_as_single_releases_would()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("lib", "admin", Meta(false), 10_000, T0, Ct);
        await store.TryCreateProjectAsync("other", "admin", Meta(false), 10_000, T0, Ct);
        await store.TryChargeQuotaAsync("lib", new QuotaReference("sha256:m1", "lib/app", QuotaReferenceKind.Manifest, 100), T0, Ct);
        await store.TryChargeQuotaAsync("lib", new QuotaReference("sha256:m2", "lib/app", QuotaReferenceKind.Manifest, 200), T0, Ct);
        await store.TryChargeQuotaAsync("lib", new QuotaReference("sha256:m2", "lib/copy", QuotaReferenceKind.Manifest, 200), T0, Ct);
        await store.TryChargeQuotaAsync("lib", new QuotaReference("sha256:m3", "lib/app", QuotaReferenceKind.Manifest, 400), T0, Ct);
        await store.TryChargeQuotaAsync("lib", new QuotaReference("sha256:m3", "lib/copy", QuotaReferenceKind.Manifest, 400), T0, Ct);
        await store.TryChargeQuotaAsync("other", new QuotaReference("sha256:m1", "other/app", QuotaReferenceKind.Manifest, 100), T0, Ct);

        var outcome = await store.ReleaseQuotaManyAsync(
            "lib",
            [
                new QuotaReference("sha256:m1", "lib/app", QuotaReferenceKind.Manifest, 0),
                new QuotaReference("sha256:m2", "lib/app", QuotaReferenceKind.Manifest, 0),
                new QuotaReference("sha256:m3", "lib/app", QuotaReferenceKind.Manifest, 0),
                new QuotaReference("sha256:m3", "lib/copy", QuotaReferenceKind.Manifest, 0),
                new QuotaReference("sha256:never", "lib/app", QuotaReferenceKind.Manifest, 0),
            ],
            T0.AddMinutes(5),
            Ct);

        // m1 and m3 lost their last reference here; m2 is still held by lib/copy; "never" was not recorded.
        Assert.Equal(4, outcome.Removed);
        Assert.Equal(500, outcome.Freed);
        Assert.Equal(200, outcome.Quota!.Used);
        var quota = await (await CreateStoreAsync()).GetProjectQuotaAsync("lib", Ct);
        Assert.Equal((200L, T0.AddMinutes(5)), (quota!.Used, quota.UpdateTime));
        Assert.Equal(100, (await store.GetProjectQuotaAsync("other", Ct))!.Used);

        // What is left behaves as before: releasing m2's last reference frees it, releasing m1 again frees nothing.
        Assert.Equal(200, (await store.ReleaseQuotaAsync("lib", new QuotaReference("sha256:m2", "lib/copy", QuotaReferenceKind.Manifest, 0), T0.AddMinutes(6), Ct)).Freed);
        Assert.False((await store.ReleaseQuotaAsync("lib", new QuotaReference("sha256:m1", "lib/app", QuotaReferenceKind.Manifest, 0), T0.AddMinutes(7), Ct)).Removed);
        Assert.Equal(0, (await store.GetProjectQuotaAsync("lib", Ct))!.Used);
    }

    [Fact]
    public async Task ReleaseQuotaMany_without_a_quota_or_without_references_changes_nothing()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("lib", "admin", Meta(false), 10_000, T0, Ct);
        await store.TryChargeQuotaAsync("lib", new QuotaReference("sha256:m1", "lib/app", QuotaReferenceKind.Manifest, 100), T0, Ct);

        var none = await store.ReleaseQuotaManyAsync("lib", [], T0.AddMinutes(1), Ct);
        var ghost = await store.ReleaseQuotaManyAsync("ghost", [new QuotaReference("sha256:m1", "ghost/app", QuotaReferenceKind.Manifest, 0)], T0.AddMinutes(1), Ct);

        Assert.Equal((0, 0L, 100L), (none.Removed, none.Freed, none.Quota!.Used));
        Assert.Equal(new QuotaBatchReleaseOutcome(0, 0, null), ghost);
        Assert.Equal((100L, T0), ((await store.GetProjectQuotaAsync("lib", Ct))!.Used, (await store.GetProjectQuotaAsync("lib", Ct))!.UpdateTime));
    }
}
