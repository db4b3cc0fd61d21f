using System.Net;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// Every <see cref="IOciRegistry"/> operation of the remote client against a real docker-registry (distribution 2.8):
/// subclasses say how the registry is reached (anonymous, token auth, …).
/// </summary>
public abstract class RemoteOciRegistryContract
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The registry under test, opened through the factory.</summary>
    protected abstract Task<IRemoteRegistry> OpenAsync();

    private static string NewRepository(string prefix = "repl") => $"{prefix}/app-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Ping_says_healthy()
    {
        var registry = await OpenAsync();

        var health = await registry.PingAsync(Ct);

        Assert.True(health.Healthy, health.Problem);
    }

    [Fact]
    public async Task An_image_pushed_monolithic_and_chunked_reads_back_byte_for_byte()
    {
        var registry = await OpenAsync();
        var repository = NewRepository();
        var image = new TestImage();

        await image.PushAsync(registry, repository, "v1", chunkSize: 64 * 1024, Ct);

        var byTag = await registry.GetManifestAsync(repository, "v1", Ct);
        Assert.NotNull(byTag);
        Assert.Equal(image.Index.Digest, byTag.Digest);
        Assert.Equal(TestImage.IndexType, byTag.MediaType);
        Assert.Equal(image.Index.Content, byTag.Content);

        var byDigest = await registry.GetManifestAsync(repository, image.Manifest.Digest, Ct);
        Assert.NotNull(byDigest);
        Assert.Equal(image.Manifest.Content, byDigest.Content);
        Assert.Equal(TestImage.ManifestType, byDigest.MediaType);

        Assert.Equal(image.Index.Descriptor, await registry.HeadManifestAsync(repository, "v1", Ct));
        Assert.Equal(image.Manifest.Descriptor, await registry.HeadManifestAsync(repository, image.Manifest.Digest, Ct));

        foreach (var (descriptor, bytes) in new[] { (image.LargeLayerDescriptor, image.LargeLayer), (image.SmallLayerDescriptor, image.SmallLayer), (image.ConfigDescriptor, image.Config) })
        {
            Assert.True(await registry.BlobExistsAsync(repository, descriptor.Digest, Ct));
            await using var blob = await registry.OpenBlobAsync(repository, descriptor.Digest, Ct);
            Assert.NotNull(blob);
            Assert.Equal(bytes.Length, blob.Length);
            using var copy = new MemoryStream();
            await blob.Content.CopyToAsync(copy, Ct);
            Assert.Equal(bytes, copy.ToArray());
        }
    }

    [Fact]
    public async Task Missing_things_are_null_false_or_empty()
    {
        var registry = await OpenAsync();
        var repository = NewRepository();
        var absent = TestImage.Digest([1, 2, 3]);

        Assert.Null(await registry.GetManifestAsync(repository, "nope", Ct));
        Assert.Null(await registry.HeadManifestAsync(repository, absent, Ct));
        Assert.Null(await registry.OpenBlobAsync(repository, absent, Ct));
        Assert.False(await registry.BlobExistsAsync(repository, absent, Ct));
        Assert.Empty(await registry.ListTagsAsync(repository, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Tags_and_the_catalog_are_read_across_pages()
    {
        var registry = await OpenAsync();
        var prefix = "pages" + Guid.NewGuid().ToString("N")[..6];
        var image = new TestImage(100, 100);
        var repositories = Enumerable.Range(0, 3).Select(i => $"{prefix}/r{i}").ToList();
        foreach (var repository in repositories)
        {
            await image.PushAsync(registry, repository, "t0", chunkSize: 40, Ct);
        }

        var tags = new[] { "t0", "t1", "t2", "t3", "t4" };
        foreach (var tag in tags[1..])
        {
            await registry.PutManifestAsync(repositories[0], tag, image.Manifest, Ct);
        }

        // The page size is 2 (RemoteTestServices): five tags and three repositories take several pages each.
        Assert.Equal(tags, (await registry.ListTagsAsync(repositories[0], Ct).ToListAsync(Ct)).Order(StringComparer.Ordinal));
        var catalog = await registry.ListRepositoriesAsync(Ct).ToListAsync(Ct);
        Assert.Equal(repositories, catalog.Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(catalog.Count, catalog.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_blob_mounts_from_another_repository_and_a_missing_one_does_not()
    {
        var registry = await OpenAsync();
        var source = NewRepository("src");
        var target = NewRepository("dst");
        var image = new TestImage();
        await image.PushAsync(registry, source, "v1", chunkSize: 100_000, Ct);

        Assert.True(await registry.TryMountBlobAsync(target, image.LargeLayerDescriptor.Digest, source, Ct));
        Assert.True(await registry.BlobExistsAsync(target, image.LargeLayerDescriptor.Digest, Ct));

        var absent = TestImage.Digest([9, 9, 9]);
        Assert.False(await registry.TryMountBlobAsync(target, absent, source, Ct));
        Assert.False(await registry.BlobExistsAsync(target, absent, Ct));
    }

    [Fact]
    public async Task Referrers_are_unsupported_on_distribution_2_8()
    {
        var registry = await OpenAsync();
        var repository = NewRepository();
        var image = new TestImage(10, 10);
        await image.PushAsync(registry, repository, "v1", chunkSize: 4, Ct);

        var referrers = await registry.GetReferrersAsync(repository, image.Manifest.Digest, Ct);

        Assert.False(referrers.Supported);
        Assert.Empty(referrers.Manifests);
    }

    [Fact]
    public async Task A_deleted_manifest_is_gone_and_a_second_delete_says_so()
    {
        var registry = await OpenAsync();
        var repository = NewRepository();
        var image = new TestImage(10, 10);
        await image.PushAsync(registry, repository, "v1", chunkSize: 7, Ct);

        Assert.True(await registry.DeleteManifestAsync(repository, image.Index.Digest, Ct));

        Assert.Null(await registry.GetManifestAsync(repository, image.Index.Digest, Ct));
        Assert.Null(await registry.GetManifestAsync(repository, "v1", Ct));
        Assert.False(await registry.DeleteManifestAsync(repository, image.Index.Digest, Ct));
        Assert.NotNull(await registry.GetManifestAsync(repository, image.Manifest.Digest, Ct));
    }

    [Fact]
    public async Task A_manifest_naming_a_missing_blob_is_refused_as_not_transient()
    {
        var registry = await OpenAsync();
        var image = new TestImage(10, 10);

        var refused = await Assert.ThrowsAsync<OciRegistryException>(() => registry.PutManifestAsync(NewRepository(), "v1", image.Manifest, Ct));

        Assert.False(refused.Transient);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("MANIFEST_BLOB_UNKNOWN", refused.ErrorCode);
    }

    [Fact]
    public async Task A_blob_whose_bytes_do_not_match_its_digest_is_refused()
    {
        var registry = await OpenAsync();
        var bytes = new byte[] { 1, 2, 3, 4 };
        var wrong = new OciDescriptor(TestImage.LayerType, TestImage.Digest([4, 3, 2, 1]), bytes.Length);

        var refused = await Assert.ThrowsAsync<OciRegistryException>(() => registry.PushBlobAsync(NewRepository(), wrong, new MemoryStream(bytes), null, Ct));

        Assert.False(refused.Transient);
        Assert.Equal("DIGEST_INVALID", refused.ErrorCode);
    }

    [Fact]
    public async Task Prepare_does_nothing_for_a_plain_registry()
    {
        var registry = await OpenAsync();

        await registry.PrepareRepositoryAsync(NewRepository(), Ct);
    }
}
