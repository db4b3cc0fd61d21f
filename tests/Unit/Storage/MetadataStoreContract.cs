using System.Text;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Unit.Storage;

/// <summary>
/// Behaviour every <see cref="IMetadataStore"/> backend must show. A derived class per backend
/// supplies initialized stores; all stores one test creates share the same database.
/// </summary>
public abstract partial class MetadataStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private IMetadataStore? _store;

    /// <summary>A new, initialized store instance over this test's database.</summary>
    protected abstract Task<IMetadataStore> CreateStoreAsync();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<IMetadataStore> StoreAsync() => _store ??= await CreateStoreAsync();

    [Fact]
    public async Task Initialize_is_safe_to_repeat()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:a1"), "v1", Ct);

        await store.InitializeAsync(Ct);
        var other = await CreateStoreAsync();

        Assert.Single((await other.LoadRepositoryAsync("lib/app", Ct)).Manifests);
    }

    [Fact]
    public async Task Load_of_unknown_repository_is_empty()
    {
        var snapshot = await (await StoreAsync()).LoadRepositoryAsync("nobody/home", Ct);

        Assert.Empty(snapshot.Manifests);
        Assert.Empty(snapshot.Tags);
    }

    [Fact]
    public async Task PutManifest_then_load_returns_every_field()
    {
        var store = await StoreAsync();
        var manifest = Manifest(
            "lib/app",
            "sha256:m1",
            subject: "sha256:subject",
            artifactType: "application/vnd.example+json",
            references: [new("sha256:config", ReferenceKind.Blob), new("sha256:layer", ReferenceKind.Blob), new("sha256:subject", ReferenceKind.Subject)],
            annotations: new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2025-01-01", ["x"] = "é ✓" });

        await store.PutManifestAsync(manifest, "v1", Ct);
        var snapshot = await store.LoadRepositoryAsync("lib/app", Ct);

        AssertManifest(manifest, Assert.Single(snapshot.Manifests));
        Assert.Equal(new TagRecord("v1", "sha256:m1", T0), Assert.Single(snapshot.Tags));
    }

    [Fact]
    public async Task PutManifest_without_tag_or_annotations_stores_untagged_manifest()
    {
        var store = await StoreAsync();
        var manifest = Manifest("lib/app", "sha256:untagged");

        await store.PutManifestAsync(manifest, null, Ct);
        var snapshot = await store.LoadRepositoryAsync("lib/app", Ct);

        AssertManifest(manifest, Assert.Single(snapshot.Manifests));
        Assert.Null(snapshot.Manifests[0].Annotations);
        Assert.Empty(snapshot.Tags);
    }

    [Fact]
    public async Task PutManifest_same_digest_twice_keeps_one_row_and_adds_the_tag()
    {
        var store = await StoreAsync();
        var manifest = Manifest("lib/app", "sha256:same", references: [new("sha256:l", ReferenceKind.Blob)]);

        await store.PutManifestAsync(manifest, "v1", Ct);
        await store.PutManifestAsync(manifest with { PushedAt = T0.AddMinutes(1) }, "latest", Ct);
        var snapshot = await store.LoadRepositoryAsync("lib/app", Ct);

        var stored = Assert.Single(snapshot.Manifests);
        Assert.Single(stored.References);
        Assert.Equal(["latest", "v1"], snapshot.Tags.Select(t => t.Name));
        Assert.All(snapshot.Tags, t => Assert.Equal("sha256:same", t.Digest));
    }

    [Fact]
    public async Task PutManifest_with_existing_tag_moves_it_to_the_new_digest()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:old"), "latest", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:new", pushedAt: T0.AddHours(1)), "latest", Ct);

        var snapshot = await store.LoadRepositoryAsync("lib/app", Ct);

        Assert.Equal(["sha256:old", "sha256:new"], snapshot.Manifests.Select(m => m.Digest));
        Assert.Equal(new TagRecord("latest", "sha256:new", T0.AddHours(1)), Assert.Single(snapshot.Tags));
    }

    [Fact]
    public async Task Repositories_are_isolated()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/a", "sha256:x"), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/b", "sha256:x"), "v2", Ct);

        await store.DeleteManifestAsync("lib/a", "sha256:x", Ct);

        Assert.Empty((await store.LoadRepositoryAsync("lib/a", Ct)).Manifests);
        var b = await store.LoadRepositoryAsync("lib/b", Ct);
        Assert.Single(b.Manifests);
        Assert.Equal("v2", Assert.Single(b.Tags).Name);
    }

    [Fact]
    public async Task DeleteManifest_removes_its_tags_and_references_only()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:doomed", references: [new("sha256:l1", ReferenceKind.Blob)]), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:doomed"), "v1.0", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:kept", references: [new("sha256:l2", ReferenceKind.Blob)]), "v2", Ct);

        await store.DeleteManifestAsync("lib/app", "sha256:doomed", Ct);
        var snapshot = await store.LoadRepositoryAsync("lib/app", Ct);

        var kept = Assert.Single(snapshot.Manifests);
        Assert.Equal("sha256:kept", kept.Digest);
        Assert.Equal([new ManifestReference("sha256:l2", ReferenceKind.Blob)], kept.References);
        Assert.Equal("v2", Assert.Single(snapshot.Tags).Name);

        // The old reference rows are gone: a re-put with other references sees only the new ones.
        await store.PutManifestAsync(Manifest("lib/app", "sha256:doomed", references: [new("sha256:l3", ReferenceKind.Manifest)]), null, Ct);
        var reput = (await store.LoadRepositoryAsync("lib/app", Ct)).Manifests.Single(m => m.Digest == "sha256:doomed");
        Assert.Equal([new ManifestReference("sha256:l3", ReferenceKind.Manifest)], reput.References);
    }

    [Fact]
    public async Task DeleteManifest_of_missing_manifest_is_a_no_op()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m"), "v1", Ct);

        await store.DeleteManifestAsync("lib/app", "sha256:other", Ct);
        await store.DeleteManifestAsync("lib/none", "sha256:m", Ct);

        Assert.Single((await store.LoadRepositoryAsync("lib/app", Ct)).Tags);
    }

    [Fact]
    public async Task DeleteTag_removes_only_that_tag_and_is_idempotent()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m"), "v1", Ct);
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m"), "v2", Ct);

        await store.DeleteTagAsync("lib/app", "v1", Ct);
        await store.DeleteTagAsync("lib/app", "v1", Ct);
        var snapshot = await store.LoadRepositoryAsync("lib/app", Ct);

        Assert.Equal("v2", Assert.Single(snapshot.Tags).Name);
        Assert.Single(snapshot.Manifests);
    }

    [Fact]
    public async Task ListRepositories_pages_in_ordinal_order_after_last()
    {
        var store = await StoreAsync();
        string[] names = ["b/two", "a/one", "a/One", "a/one/nested", "c/x", "a/zeta"];
        foreach (var name in names)
        {
            await store.PutManifestAsync(Manifest(name, "sha256:m"), null, Ct);
        }

        var sorted = names.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(sorted, await store.ListRepositoriesAsync(null, 100, Ct));
        Assert.Equal(sorted[..2], await store.ListRepositoriesAsync(null, 2, Ct));
        Assert.Equal(sorted[2..4], await store.ListRepositoriesAsync(sorted[1], 2, Ct));
        Assert.Empty(await store.ListRepositoriesAsync(sorted[^1], 2, Ct));
        Assert.Equal(sorted[1..], await store.ListRepositoriesAsync("a/One0", 100, Ct));
    }

    [Fact]
    public async Task CountRepositories_counts_per_project()
    {
        var store = await StoreAsync();
        foreach (var name in new[] { "lib/a", "lib/b", "lib/b", "lib/c/d", "other/x" })
        {
            await store.PutManifestAsync(Manifest(name, "sha256:" + name.Length), null, Ct);
        }

        Assert.Equal(3, await store.CountRepositoriesAsync("lib", Ct));
        Assert.Equal(1, await store.CountRepositoriesAsync("other", Ct));
        Assert.Equal(0, await store.CountRepositoriesAsync("empty", Ct));
    }

    [Fact]
    public async Task GetBlob_of_unknown_digest_is_null()
    {
        Assert.Null(await (await StoreAsync()).GetBlobAsync("sha256:none", Ct));
    }

    [Fact]
    public async Task SaveBlob_inserts_then_updates_the_row()
    {
        var store = await StoreAsync();

        await store.SaveBlobAsync("sha256:b", 100, BlobState.Present, T0, Ct);
        var inserted = await store.GetBlobAsync("sha256:b", Ct);
        await store.SaveBlobAsync("sha256:b", 100, BlobState.Deleting, T0.AddHours(3), Ct);
        var updated = await store.GetBlobAsync("sha256:b", Ct);

        Assert.Equal(("sha256:b", 100L, BlobState.Present, T0), (inserted!.Digest, inserted.Size, inserted.State, inserted.LastTouched));
        Assert.Empty(inserted.Repositories);
        Assert.Equal((BlobState.Deleting, T0.AddHours(3)), (updated!.State, updated.LastTouched));
    }

    [Fact]
    public async Task SaveBlobAndLink_links_each_repository_once_and_unlink_removes_one()
    {
        var store = await StoreAsync();

        await store.SaveBlobAndLinkAsync("sha256:b", 7, BlobState.Present, T0, "lib/a", Ct);
        await store.SaveBlobAndLinkAsync("sha256:b", 7, BlobState.Present, T0.AddSeconds(1), "lib/b", Ct);
        await store.SaveBlobAndLinkAsync("sha256:b", 7, BlobState.Present, T0.AddSeconds(2), "lib/a", Ct);
        var linked = await store.GetBlobAsync("sha256:b", Ct);

        Assert.Equal(["lib/a", "lib/b"], linked!.Repositories.Order(StringComparer.Ordinal));
        Assert.Equal(T0.AddSeconds(2), linked.LastTouched);

        await store.UnlinkBlobAsync("sha256:b", "lib/a", Ct);
        await store.UnlinkBlobAsync("sha256:b", "lib/a", Ct);
        await store.UnlinkBlobAsync("sha256:unknown", "lib/a", Ct);
        var unlinked = await store.GetBlobAsync("sha256:b", Ct);

        Assert.Equal(["lib/b"], unlinked!.Repositories);
        Assert.Equal(BlobState.Present, unlinked.State);
    }

    [Fact]
    public async Task Upload_save_get_update_and_delete()
    {
        var store = await StoreAsync();
        var upload = new UploadRecord("u-1", "lib/app", 0, T0, T0);

        await store.SaveUploadAsync(upload, Ct);
        Assert.Equal(upload, await store.GetUploadAsync("u-1", Ct));

        var advanced = upload with { Offset = 4096, UpdatedAt = T0.AddSeconds(5) };
        await store.SaveUploadAsync(advanced, Ct);
        Assert.Equal(advanced, await store.GetUploadAsync("u-1", Ct));

        await store.DeleteUploadAsync("u-1", Ct);
        await store.DeleteUploadAsync("u-1", Ct);
        Assert.Null(await store.GetUploadAsync("u-1", Ct));
    }

    [Fact]
    public async Task ListStaleUploads_returns_oldest_first_before_cutoff_up_to_limit()
    {
        var store = await StoreAsync();
        await store.SaveUploadAsync(new UploadRecord("fresh", "r", 0, T0, T0.AddHours(5)), Ct);
        await store.SaveUploadAsync(new UploadRecord("older", "r", 10, T0, T0.AddHours(1)), Ct);
        await store.SaveUploadAsync(new UploadRecord("oldest", "r", 20, T0, T0), Ct);
        await store.SaveUploadAsync(new UploadRecord("at-cutoff", "r", 0, T0, T0.AddHours(2)), Ct);

        var stale = await store.ListStaleUploadsAsync(T0.AddHours(2), 10, Ct);
        var limited = await store.ListStaleUploadsAsync(T0.AddHours(2), 1, Ct);

        Assert.Equal(["oldest", "older"], stale.Select(u => u.Id));
        Assert.Equal(new UploadRecord("older", "r", 10, T0, T0.AddHours(1)), stale[1]);
        Assert.Equal(["oldest"], limited.Select(u => u.Id));
    }

    [Fact]
    public async Task TryCreateProject_returns_the_row_and_get_finds_it()
    {
        var store = await StoreAsync();
        var metadata = new Dictionary<string, string> { ["public"] = "true", ["auto_scan"] = "false" };

        var created = await store.TryCreateProjectAsync("lib", "admin", metadata, T0, Ct);
        var found = await store.GetProjectAsync("lib", Ct);

        Assert.NotNull(created);
        Assert.True(created.ProjectId > 0);
        Assert.Equal(("lib", "admin", T0, T0), (created.Name, created.OwnerName, created.CreationTime, created.UpdateTime));
        Assert.Equal(metadata, created.Metadata);
        Assert.NotNull(found);
        Assert.Equal(created.ProjectId, found.ProjectId);
        Assert.Equal(metadata, found.Metadata);
    }

    [Fact]
    public async Task TryCreateProject_with_taken_name_returns_null_and_keeps_the_original()
    {
        var store = await StoreAsync();
        var first = await store.TryCreateProjectAsync("lib", "alice", new Dictionary<string, string> { ["public"] = "true" }, T0, Ct);
        var second = await store.TryCreateProjectAsync("other", "bob", new Dictionary<string, string>(), T0, Ct);

        var duplicate = await store.TryCreateProjectAsync("lib", "mallory", new Dictionary<string, string>(), T0.AddDays(1), Ct);

        Assert.Null(duplicate);
        var stored = await store.GetProjectAsync("lib", Ct);
        Assert.Equal(("alice", first!.ProjectId), (stored!.OwnerName, stored.ProjectId));
        Assert.NotEqual(first.ProjectId, second!.ProjectId);
    }

    [Fact]
    public async Task GetProject_of_unknown_name_is_null()
    {
        Assert.Null(await (await StoreAsync()).GetProjectAsync("nope", Ct));
    }

    [Fact]
    public async Task EnsureUser_creates_once_and_returns_the_stored_row_after()
    {
        var store = await StoreAsync();

        var created = await store.EnsureUserAsync("admin", "pbkdf2$first", isAdmin: true, T0, Ct);
        var again = await store.EnsureUserAsync("admin", "pbkdf2$second", isAdmin: false, T0.AddDays(1), Ct);
        var other = await store.EnsureUserAsync("dev", "pbkdf2$dev", isAdmin: false, T0, Ct);

        Assert.Equal(new UserRecord(created.UserId, "admin", "pbkdf2$first", true, T0), created);
        Assert.Equal(created, again);
        Assert.Equal(created, await store.GetUserAsync("admin", Ct));
        Assert.False(other.IsAdmin);
        Assert.NotEqual(created.UserId, other.UserId);
        Assert.Null(await store.GetUserAsync("ghost", Ct));
    }

    [Fact]
    public async Task SetPasswordHash_replaces_only_that_users_hash()
    {
        var store = await StoreAsync();
        var alice = await store.EnsureUserAsync("alice", "pbkdf2$old", isAdmin: false, T0, Ct);
        var bob = await store.EnsureUserAsync("bob", "pbkdf2$bob", isAdmin: false, T0, Ct);

        Assert.True(await store.SetPasswordHashAsync("alice", "pbkdf2$new", Ct));
        Assert.False(await store.SetPasswordHashAsync("ghost", "pbkdf2$x", Ct));

        Assert.Equal(alice with { PasswordHash = "pbkdf2$new" }, await store.GetUserAsync("alice", Ct));
        Assert.Equal(bob, await store.GetUserAsync("bob", Ct));
        Assert.Null(await store.GetUserAsync("ghost", Ct));
    }

    [Fact]
    public async Task DeleteUser_removes_the_row_and_a_recreated_user_gets_a_new_id()
    {
        var store = await StoreAsync();
        var first = await store.EnsureUserAsync("carol", "pbkdf2$one", isAdmin: false, T0, Ct);

        Assert.True(await store.DeleteUserAsync("carol", Ct));
        Assert.False(await store.DeleteUserAsync("carol", Ct));
        Assert.Null(await store.GetUserAsync("carol", Ct));

        // Credential stamps include the id, so a namesake must never inherit the old user's tokens.
        var second = await store.EnsureUserAsync("carol", "pbkdf2$one", isAdmin: false, T0, Ct);
        Assert.NotEqual(first.UserId, second.UserId);
    }

    [Fact]
    public async Task GetOrAddSetting_keeps_the_first_value()
    {
        var store = await StoreAsync();

        Assert.Equal("first", await store.GetOrAddSettingAsync("signing-key", "first", Ct));
        Assert.Equal("first", await store.GetOrAddSettingAsync("signing-key", "second", Ct));
        Assert.Equal("other", await store.GetOrAddSettingAsync("other-key", "other", Ct));
    }

    [Fact]
    public async Task GetOrAddSetting_racing_callers_all_get_one_value()
    {
        var store = await StoreAsync();

        var values = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => store.GetOrAddSettingAsync("race", $"v{i}", Ct)));

        Assert.Single(values.Distinct());
    }

    [Fact]
    public async Task New_store_instance_sees_committed_data()
    {
        var store = await StoreAsync();
        await store.PutManifestAsync(Manifest("lib/app", "sha256:m", references: [new("sha256:l", ReferenceKind.Blob)]), "v1", Ct);
        await store.SaveBlobAndLinkAsync("sha256:l", 3, BlobState.Present, T0, "lib/app", Ct);
        await store.SaveUploadAsync(new UploadRecord("u", "lib/app", 5, T0, T0), Ct);
        await store.TryCreateProjectAsync("lib", "admin", new Dictionary<string, string>(), T0, Ct);
        await store.EnsureUserAsync("admin", "hash", true, T0, Ct);
        await store.GetOrAddSettingAsync("k", "v", Ct);

        var reopened = await CreateStoreAsync();

        var snapshot = await reopened.LoadRepositoryAsync("lib/app", Ct);
        Assert.Single(snapshot.Manifests[0].References);
        Assert.Equal("v1", Assert.Single(snapshot.Tags).Name);
        Assert.Equal(["lib/app"], (await reopened.GetBlobAsync("sha256:l", Ct))!.Repositories);
        Assert.Equal(5, (await reopened.GetUploadAsync("u", Ct))!.Offset);
        Assert.NotNull(await reopened.GetProjectAsync("lib", Ct));
        Assert.NotNull(await reopened.GetUserAsync("admin", Ct));
        Assert.Equal("v", await reopened.GetOrAddSettingAsync("k", "other", Ct));
        Assert.Equal(["lib/app"], await reopened.ListRepositoriesAsync(null, 10, Ct));
    }

    [Fact]
    public async Task Concurrent_writers_all_succeed()
    {
        var store = await StoreAsync();
        var other = await CreateStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(
            () => (i % 2 == 0 ? store : other).PutManifestAsync(
                Manifest("lib/busy", $"sha256:{i:D2}", references: [new($"sha256:layer{i}", ReferenceKind.Blob)]),
                $"t{i % 5}",
                Ct),
            Ct)));

        var snapshot = await store.LoadRepositoryAsync("lib/busy", Ct);
        Assert.Equal(20, snapshot.Manifests.Count);
        Assert.All(snapshot.Manifests, m => Assert.Single(m.References));
        Assert.Equal(5, snapshot.Tags.Count);
    }

    [Fact]
    public async Task Cancelled_token_cancels_the_operation()
    {
        var store = await StoreAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.PutManifestAsync(Manifest("lib/app", "sha256:m"), "v1", cancelled.Token));
        Assert.Empty((await store.LoadRepositoryAsync("lib/app", Ct)).Manifests);
    }

    protected static ManifestRecord Manifest(
        string repository,
        string digest,
        string? subject = null,
        string? artifactType = null,
        IReadOnlyList<ManifestReference>? references = null,
        IReadOnlyDictionary<string, string>? annotations = null,
        DateTimeOffset? pushedAt = null)
    {
        var content = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"digest":"{{digest}}"}""");
        return new ManifestRecord(
            repository,
            digest,
            "application/vnd.oci.image.manifest.v1+json",
            artifactType,
            content.Length,
            subject,
            content,
            references ?? [],
            annotations,
            pushedAt ?? T0);
    }

    private static void AssertManifest(ManifestRecord expected, ManifestRecord actual)
    {
        Assert.Equal(
            (expected.Repository, expected.Digest, expected.MediaType, expected.ArtifactType, expected.Size, expected.Subject, expected.PushedAt),
            (actual.Repository, actual.Digest, actual.MediaType, actual.ArtifactType, actual.Size, actual.Subject, actual.PushedAt));
        Assert.Equal(expected.Content, actual.Content);
        Assert.Equal(
            expected.References.OrderBy(r => r.Kind).ThenBy(r => r.Digest, StringComparer.Ordinal),
            actual.References);
        if (expected.Annotations is null)
        {
            Assert.Null(actual.Annotations);
        }
        else
        {
            Assert.Equal(expected.Annotations.OrderBy(a => a.Key, StringComparer.Ordinal), actual.Annotations!.OrderBy(a => a.Key, StringComparer.Ordinal));
        }
    }
}
