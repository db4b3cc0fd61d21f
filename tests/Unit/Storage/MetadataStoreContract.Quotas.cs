using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>Project storage quotas on every backend: per-project dedup, limits, release and recompute.</summary>
public abstract partial class MetadataStoreContract
{
    private static QuotaReference BlobRef(string digest, string repository, long size) => new(digest, repository, QuotaReferenceKind.Blob, size);

    [Fact]
    public async Task TryCreateProject_creates_its_quota_with_the_storage_limit()
    {
        var store = await StoreAsync();
        var limited = await store.TryCreateProjectAsync("lib", "admin", Meta(false), 10_485_760, T0, Ct);
        await store.TryCreateProjectAsync("open", "alice", Meta(false), T0.AddMinutes(1), Ct);

        var quota = await store.GetProjectQuotaAsync("lib", Ct);
        Assert.NotNull(quota);
        Assert.Equal(new QuotaRecord(quota.Id, limited!.ProjectId, "lib", "admin", 10_485_760, 0, T0, T0), quota);
        Assert.Equal(quota, await (await CreateStoreAsync()).GetQuotaAsync(quota.Id, Ct));
        Assert.Equal(StorageLimits.Unlimited, (await store.GetProjectQuotaAsync("open", Ct))!.Hard);
        Assert.Null(await store.GetProjectQuotaAsync("nope", Ct));
        Assert.Null(await store.GetQuotaAsync(quota.Id + 1000, Ct));
    }

    [Fact]
    public async Task TryChargeQuota_counts_a_digest_once_per_project_and_in_each_project()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("a", "admin", Meta(false), 1000, T0, Ct);
        await store.TryCreateProjectAsync("b", "admin", Meta(false), 1000, T0, Ct);

        var first = await store.TryChargeQuotaAsync("a", BlobRef("sha256:l1", "a/one", 300), T0.AddMinutes(1), Ct);
        var again = await store.TryChargeQuotaAsync("a", BlobRef("sha256:l1", "a/one", 300), T0.AddMinutes(2), Ct);
        var shared = await store.TryChargeQuotaAsync("a", BlobRef("sha256:l1", "a/two", 300), T0.AddMinutes(3), Ct);
        var other = await store.TryChargeQuotaAsync("b", BlobRef("sha256:l1", "b/one", 300), T0.AddMinutes(4), Ct);

        Assert.Equal(QuotaChargeStatus.Charged, first.Status);
        Assert.Equal(300, first.Quota!.Used);
        Assert.Equal(T0.AddMinutes(1), first.Quota.UpdateTime);
        Assert.Equal(QuotaChargeStatus.AlreadyReferenced, again.Status);
        Assert.Equal(QuotaChargeStatus.Shared, shared.Status);
        Assert.Equal(QuotaChargeStatus.Charged, other.Status);
        Assert.Equal(300, (await store.GetProjectQuotaAsync("a", Ct))!.Used);
        Assert.Equal(300, (await store.GetProjectQuotaAsync("b", Ct))!.Used);
    }

    [Fact]
    public async Task TryChargeQuota_past_the_limit_is_Exceeded_and_changes_nothing_but_a_held_digest_is_free()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("lib", "admin", Meta(false), 1000, T0, Ct);
        await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l1", "lib/app", 900), T0, Ct);

        var refused = await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l2", "lib/app", 101), T0.AddMinutes(1), Ct);
        var exact = await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l3", "lib/app", 100), T0.AddMinutes(2), Ct);
        var held = await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l1", "lib/other", 900), T0.AddMinutes(3), Ct);

        Assert.Equal(QuotaChargeStatus.Exceeded, refused.Status);
        Assert.Equal(900, refused.Quota!.Used);
        Assert.Equal(QuotaChargeStatus.Charged, exact.Status);
        Assert.Equal(QuotaChargeStatus.Shared, held.Status);
        var quota = await store.GetProjectQuotaAsync("lib", Ct);
        Assert.Equal(1000, quota!.Used);
        Assert.Equal(T0.AddMinutes(2), quota.UpdateTime);

        // The refused reference was not recorded: releasing it frees nothing.
        var release = await store.ReleaseQuotaAsync("lib", BlobRef("sha256:l2", "lib/app", 0), T0.AddMinutes(4), Ct);
        Assert.False(release.Removed);
        Assert.Equal(1000, (await store.GetProjectQuotaAsync("lib", Ct))!.Used);
    }

    [Fact]
    public async Task TryChargeQuota_without_a_quota_records_nothing()
    {
        var outcome = await (await StoreAsync()).TryChargeQuotaAsync("ghost", BlobRef("sha256:l1", "ghost/app", 10), T0, Ct);

        Assert.Equal(QuotaChargeStatus.NoQuota, outcome.Status);
        Assert.Null(outcome.Quota);
    }

    [Fact]
    public async Task ReleaseQuota_frees_the_bytes_only_with_the_projects_last_holder()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("lib", "admin", Meta(false), StorageLimits.Unlimited, T0, Ct);
        await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l1", "lib/one", 500), T0, Ct);
        await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l1", "lib/two", 500), T0, Ct);
        await store.TryChargeQuotaAsync("lib", new QuotaReference("sha256:m1", "lib/one", QuotaReferenceKind.Manifest, 40), T0, Ct);

        var first = await store.ReleaseQuotaAsync("lib", BlobRef("sha256:l1", "lib/one", 0), T0.AddMinutes(1), Ct);
        var last = await store.ReleaseQuotaAsync("lib", BlobRef("sha256:l1", "lib/two", 0), T0.AddMinutes(2), Ct);
        var manifest = await store.ReleaseQuotaAsync("lib", new QuotaReference("sha256:m1", "lib/one", QuotaReferenceKind.Manifest, 0), T0.AddMinutes(3), Ct);

        Assert.Equal((true, 0L, 540L), (first.Removed, first.Freed, first.Quota!.Used));
        Assert.Equal((true, 500L, 40L), (last.Removed, last.Freed, last.Quota!.Used));
        Assert.Equal((true, 40L, 0L), (manifest.Removed, manifest.Freed, manifest.Quota!.Used));
        Assert.Equal(0, (await store.GetProjectQuotaAsync("lib", Ct))!.Used);
    }

    [Fact]
    public async Task SetQuotaHard_changes_the_limit_even_below_usage()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("lib", "admin", Meta(false), 1000, T0, Ct);
        await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l1", "lib/app", 600), T0, Ct);

        var updated = await store.SetQuotaHardAsync("lib", 500, T0.AddHours(1), Ct);

        Assert.Equal((500L, 600L, T0.AddHours(1)), (updated!.Hard, updated.Used, updated.UpdateTime));
        Assert.Equal(updated, await store.GetProjectQuotaAsync("lib", Ct));
        Assert.Equal(QuotaChargeStatus.Exceeded, (await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l2", "lib/app", 1), T0, Ct)).Status);
        Assert.Null(await store.SetQuotaHardAsync("nope", 500, T0, Ct));
    }

    [Fact]
    public async Task RecomputeQuota_rebuilds_usage_from_linked_blobs_and_manifests_each_digest_once()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("lib", "admin", Meta(false), StorageLimits.Unlimited, T0, Ct);
        await store.TryCreateProjectAsync("libx", "admin", Meta(false), StorageLimits.Unlimited, T0, Ct);
        await store.SaveBlobAndLinkAsync("sha256:l1", 1000, BlobState.Present, T0, "lib/one", Ct);
        await store.SaveBlobAndLinkAsync("sha256:l1", 1000, BlobState.Present, T0, "lib/two", Ct);
        await store.SaveBlobAndLinkAsync("sha256:l2", 200, BlobState.Present, T0, "lib/deep/three", Ct);
        await store.SaveBlobAndLinkAsync("sha256:l3", 7, BlobState.Present, T0, "libx/app", Ct);
        var manifest = Manifest("lib/one", "sha256:m1");
        await store.PutManifestAsync(manifest, "v1", Ct);
        await store.PutManifestAsync(manifest with { Repository = "lib/two" }, "v1", Ct);

        // Drift: a charge whose link never happened, and a link that was never charged.
        await store.TryChargeQuotaAsync("lib", BlobRef("sha256:orphan", "lib/one", 5000), T0, Ct);
        var recomputed = await store.RecomputeQuotaAsync("lib", T0.AddHours(1), Ct);

        Assert.Equal(1000 + 200 + manifest.Size, recomputed!.Used);
        Assert.Equal(T0.AddHours(1), recomputed.UpdateTime);
        Assert.Equal(recomputed, await store.GetProjectQuotaAsync("lib", Ct));
        Assert.Equal(0, (await store.GetProjectQuotaAsync("libx", Ct))!.Used);

        // The rebuilt references behave as charged ones: the digest is held twice, so one release frees nothing.
        Assert.Equal(0, (await store.ReleaseQuotaAsync("lib", BlobRef("sha256:l1", "lib/one", 0), T0, Ct)).Freed);
        Assert.Equal(1000, (await store.ReleaseQuotaAsync("lib", BlobRef("sha256:l1", "lib/two", 0), T0, Ct)).Freed);
        Assert.Null(await store.RecomputeQuotaAsync("nope", T0, Ct));
    }

    [Fact]
    public async Task ListQuotas_filters_by_project_sorts_and_pages()
    {
        var store = await StoreAsync();
        var a = await store.TryCreateProjectAsync("a", "admin", Meta(false), 100, T0, Ct);
        await store.TryCreateProjectAsync("b", "admin", Meta(false), StorageLimits.Unlimited, T0, Ct);
        await store.TryCreateProjectAsync("c", "admin", Meta(false), 300, T0, Ct);
        await store.TryChargeQuotaAsync("c", BlobRef("sha256:l1", "c/app", 50), T0, Ct);

        var all = await store.ListQuotasAsync(ListQuery.All, Ct);
        var byHard = await store.ListQuotasAsync(new ListQuery(new Dictionary<string, QueryValue>(), [new SortKey(QuotaFields.HardStorage, true)], 1, 2), Ct);
        var byUsed = await store.ListQuotasAsync(new ListQuery(new Dictionary<string, QueryValue>(), [new SortKey(QuotaFields.UsedStorage, true)], 1, 1), Ct);
        var one = await store.ListQuotasAsync(
            new ListQuery(new Dictionary<string, QueryValue> { [QuotaFields.ReferenceId] = new ExactValue(a!.ProjectId.ToString(System.Globalization.CultureInfo.InvariantCulture)) }, [], 1, 10), Ct);

        Assert.Equal(["a", "b", "c"], all.Items.Select(q => q.ProjectName));
        Assert.Equal(3, all.Total);
        Assert.Equal(["b", "c"], byHard.Items.Select(q => q.ProjectName));
        Assert.Equal(3, byHard.Total);
        Assert.Equal("c", Assert.Single(byUsed.Items).ProjectName);
        Assert.Equal("a", Assert.Single(one.Items).ProjectName);
        Assert.Equal(1, one.Total);
    }

    [Fact]
    public async Task TryDeleteProject_removes_its_quota_and_references()
    {
        var store = await StoreAsync();
        await store.TryCreateProjectAsync("lib", "admin", Meta(false), 1000, T0, Ct);
        await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l1", "lib/app", 10), T0, Ct);
        var id = (await store.GetProjectQuotaAsync("lib", Ct))!.Id;

        Assert.Equal(ProjectDeleteOutcome.Deleted, await store.TryDeleteProjectAsync("lib", Ct));
        await store.TryCreateProjectAsync("lib", "admin", Meta(false), 1000, T0, Ct);

        Assert.Null(await store.GetQuotaAsync(id, Ct));
        Assert.Equal(0, (await store.GetProjectQuotaAsync("lib", Ct))!.Used);
        Assert.Equal(QuotaChargeStatus.Charged, (await store.TryChargeQuotaAsync("lib", BlobRef("sha256:l1", "lib/app", 10), T0, Ct)).Status);
        Assert.Single((await store.ListQuotasAsync(ListQuery.All, Ct)).Items);
    }

    /// <summary>Takes the database back to before migration 10 (quota tables dropped, version unrecorded), keeping everything else.</summary>
    protected abstract Task UndoQuotaMigrationAsync();

    [Fact]
    public async Task Migration_10_gives_existing_projects_an_unlimited_quota_charged_for_what_they_hold()
    {
        var store = await StoreAsync();
        var lib = await store.TryCreateProjectAsync("lib", "admin", Meta(false), T0, Ct);
        await store.TryCreateProjectAsync("empty", "admin", Meta(false), T0, Ct);
        await store.SaveBlobAndLinkAsync("sha256:l1", 1000, BlobState.Present, T0, "lib/one", Ct);
        await store.SaveBlobAndLinkAsync("sha256:l1", 1000, BlobState.Present, T0, "lib/two", Ct);
        await store.SaveBlobAndLinkAsync("sha256:gone", 50, BlobState.Gone, T0, "lib/one", Ct);
        await store.SaveBlobAndLinkAsync("sha256:other", 9, BlobState.Present, T0, "elsewhere/app", Ct);
        var manifest = Manifest("lib/one", "sha256:m1");
        await store.PutManifestAsync(manifest, "v1", Ct);

        await UndoQuotaMigrationAsync();
        var migrated = await CreateStoreAsync();

        var quota = await migrated.GetProjectQuotaAsync("lib", Ct);
        Assert.Equal((lib!.ProjectId, StorageLimits.Unlimited, 1000 + manifest.Size), (quota!.ProjectId, quota.Hard, quota.Used));
        Assert.Equal(0, (await migrated.GetProjectQuotaAsync("empty", Ct))!.Used);
        Assert.Equal(quota.Used, (await migrated.RecomputeQuotaAsync("lib", T0, Ct))!.Used);
        Assert.Equal(0, (await migrated.ReleaseQuotaAsync("lib", BlobRef("sha256:l1", "lib/one", 0), T0, Ct)).Freed);
        Assert.Equal(1000, (await migrated.ReleaseQuotaAsync("lib", BlobRef("sha256:l1", "lib/two", 0), T0, Ct)).Freed);
    }
}
