using System.Net;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// This registry as replication sees it (<see cref="LocalOciRegistry"/>, resolved from the silo in the test host): what
/// it writes is what a client's push writes, and what a client pushed it reads back.
/// </summary>
public sealed class LocalOciRegistryTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LocalOciRegistry Local => factory.Services.GetRequiredService<LocalOciRegistry>();

    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task Prepare_creates_a_missing_project_private_and_owned_by_the_admin()
    {
        var project = HarborProjects.NewName("repl");

        await Local.PrepareRepositoryAsync($"{project}/app", Ct);
        await Local.PrepareRepositoryAsync($"{project}/other", Ct);

        var info = await Grains.GetGrain<IProjectGrain>(project).GetAsync();
        Assert.NotNull(info);
        Assert.False(info.Public);
        Assert.Equal("admin", info.OwnerName);
    }

    [Fact]
    public async Task Blobs_manifests_an_index_and_a_referrer_pushed_here_read_back_and_pull_through_the_gateway()
    {
        var repository = $"{HarborProjects.NewName("repl")}/app";
        await Local.PrepareRepositoryAsync(repository, Ct);
        var config = Manifests.EmptyJson;
        var layer = Manifests.RandomBytes(4096);
        await PushAsync(repository, config);
        await PushAsync(repository, layer);
        Assert.True(await Local.BlobExistsAsync(repository, Manifests.Digest(layer), Ct));

        var image = Manifests.Image(Manifests.Descriptor(Manifests.OciConfig, config), [Manifests.Descriptor(Manifests.OciLayer, layer)]);
        var imageDigest = await Local.PutManifestAsync(repository, Manifests.Digest(image), Manifest(image, Manifests.OciManifest), Ct);
        var index = Manifests.Index([Manifests.Descriptor(Manifests.OciManifest, image)]);
        var indexDigest = await Local.PutManifestAsync(repository, "v1", Manifest(index, Manifests.OciIndex), Ct);
        var referrer = Manifests.Image(
            Manifests.Descriptor(Manifests.OciEmpty, config), [Manifests.Descriptor(Manifests.OciLayer, layer)],
            artifactType: MultiArchImage.SignatureType, subject: Manifests.Descriptor(Manifests.OciIndex, index));
        var referrerDigest = await Local.PutManifestAsync(repository, Manifests.Digest(referrer), Manifest(referrer, Manifests.OciManifest), Ct);

        Assert.Equal(Manifests.Digest(image), imageDigest);
        Assert.Equal(Manifests.Digest(index), indexDigest);
        var byTag = await Local.GetManifestAsync(repository, "v1", Ct);
        Assert.Equal(index, byTag!.Content);
        Assert.Equal(Manifests.OciIndex, byTag.MediaType);
        Assert.Equal(new OciDescriptor(Manifests.OciManifest, imageDigest, image.Length), await Local.HeadManifestAsync(repository, imageDigest, Ct));
        Assert.Equal(["v1"], await Local.ListTagsAsync(repository, Ct).ToListAsync(Ct));
        Assert.Contains(repository, await Local.ListRepositoriesAsync(Ct).ToListAsync(Ct));
        var referrers = await Local.GetReferrersAsync(repository, indexDigest, Ct);
        Assert.True(referrers.Supported);
        var listed = Assert.Single(referrers.Manifests);
        Assert.Equal((referrerDigest, MultiArchImage.SignatureType), (listed.Digest, listed.ArtifactType));
        await using (var blob = await Local.OpenBlobAsync(repository, Manifests.Digest(layer), Ct))
        {
            Assert.Equal(layer.Length, blob!.Length);
            Assert.Equal(layer, await ReadAllAsync(blob.Content));
        }

        // A client sees the push as its own.
        using var admin = factory.Admin();
        using var pulled = await admin.GetAsync($"/v2/{repository}/manifests/v1", r => r.Headers.Accept.ParseAdd(Manifests.OciIndex));
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(index, await pulled.Content.ReadAsByteArrayAsync(Ct));
        using var blobPull = await admin.GetAsync($"/v2/{repository}/blobs/{Manifests.Digest(layer)}");
        Assert.Equal(layer, await blobPull.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task A_mount_links_a_blob_from_a_repository_holding_it_and_only_from_one()
    {
        var project = HarborProjects.NewName("repl");
        var (from, to) = ($"{project}/from", $"{project}/to");
        await Local.PrepareRepositoryAsync(from, Ct);
        var layer = Manifests.RandomBytes(2048);
        var digest = Manifests.Digest(layer);
        await PushAsync(from, layer);

        Assert.False(await Local.TryMountBlobAsync(to, digest, $"{project}/elsewhere", Ct));
        Assert.False(await Local.BlobExistsAsync(to, digest, Ct));
        Assert.Null(await Local.OpenBlobAsync(to, digest, Ct));

        Assert.True(await Local.TryMountBlobAsync(to, digest, from, Ct));
        Assert.True(await Local.BlobExistsAsync(to, digest, Ct));
        await using var blob = await Local.OpenBlobAsync(to, digest, Ct);
        Assert.Equal(layer, await ReadAllAsync(blob!.Content));
    }

    [Fact]
    public async Task Delete_removes_the_manifest_and_its_tags_once()
    {
        var repository = $"{HarborProjects.NewName("repl")}/app";
        await Local.PrepareRepositoryAsync(repository, Ct);
        var layer = Manifests.RandomBytes(512);
        await PushAsync(repository, Manifests.EmptyJson);
        await PushAsync(repository, layer);
        var image = Manifests.Image(Manifests.Descriptor(Manifests.OciConfig, Manifests.EmptyJson), [Manifests.Descriptor(Manifests.OciLayer, layer)]);
        var digest = await Local.PutManifestAsync(repository, "v1", Manifest(image, Manifests.OciManifest), Ct);

        Assert.True(await Local.DeleteManifestAsync(repository, digest, Ct));

        Assert.Null(await Local.GetManifestAsync(repository, "v1", Ct));
        Assert.Empty(await Local.ListTagsAsync(repository, Ct).ToListAsync(Ct));
        Assert.False(await Local.DeleteManifestAsync(repository, digest, Ct));
    }

    [Fact]
    public async Task Bytes_that_do_not_hash_to_the_digest_are_refused_and_nothing_is_linked()
    {
        var repository = $"{HarborProjects.NewName("repl")}/app";
        await Local.PrepareRepositoryAsync(repository, Ct);
        var claimed = Manifests.RandomBytes(100);
        var sent = Manifests.RandomBytes(100);

        var refused = await Assert.ThrowsAsync<OciRegistryException>(() =>
            Local.PushBlobAsync(repository, new OciDescriptor(Manifests.OciLayer, Manifests.Digest(claimed), 100), new MemoryStream(sent), null, Ct));

        Assert.Equal(("DIGEST_INVALID", false), (refused.ErrorCode, refused.Transient));
        Assert.False(await Local.BlobExistsAsync(repository, Manifests.Digest(claimed), Ct));
        Assert.False(await Local.BlobExistsAsync(repository, Manifests.Digest(sent), Ct));
    }

    [Fact]
    public async Task A_manifest_naming_a_blob_not_here_is_refused_as_for_a_client()
    {
        var repository = $"{HarborProjects.NewName("repl")}/app";
        await Local.PrepareRepositoryAsync(repository, Ct);
        var image = Manifests.Image(Manifests.Descriptor(Manifests.OciConfig, Manifests.EmptyJson), [Manifests.Descriptor(Manifests.OciLayer, Manifests.RandomBytes(64))]);

        var refused = await Assert.ThrowsAsync<OciRegistryException>(() => Local.PutManifestAsync(repository, "v1", Manifest(image, Manifests.OciManifest), Ct));

        Assert.Equal(("MANIFEST_BLOB_UNKNOWN", HttpStatusCode.NotFound, false), (refused.ErrorCode, refused.StatusCode, refused.Transient));
        Assert.Null(await Local.HeadManifestAsync(repository, "v1", Ct));
    }

    [Fact]
    public async Task A_push_past_the_project_quota_is_denied_and_links_nothing()
    {
        var project = HarborProjects.NewName("repl");
        var created = await Grains.GetGrain<IProjectGrain>(project).TryCreateAsync(new CreateProjectRequest("admin", new Dictionary<string, string>(), StorageLimit: 1000));
        Assert.True(created.Succeeded);
        var layer = Manifests.RandomBytes(4000);

        var refused = await Assert.ThrowsAsync<OciRegistryException>(() => PushAsync($"{project}/app", layer));

        Assert.Equal(("DENIED", HttpStatusCode.Forbidden, false), (refused.ErrorCode, refused.StatusCode, refused.Transient));
        Assert.False(await Local.BlobExistsAsync($"{project}/app", Manifests.Digest(layer), Ct));
    }

    [Fact]
    public async Task Pushes_to_a_project_that_does_not_exist_are_refused()
    {
        var repository = $"{HarborProjects.NewName("missing")}/app";

        var refused = await Assert.ThrowsAsync<OciRegistryException>(() => PushAsync(repository, Manifests.RandomBytes(10)));

        Assert.Equal(("NAME_UNKNOWN", HttpStatusCode.NotFound), (refused.ErrorCode, refused.StatusCode));
        Assert.Null(await Grains.GetGrain<IProjectGrain>(RegistryKeysOf(repository)).GetAsync());
    }

    private Task PushAsync(string repository, byte[] content) =>
        Local.PushBlobAsync(repository, new OciDescriptor(Manifests.OciLayer, Manifests.Digest(content), content.Length), new MemoryStream(content), null, Ct);

    private static OciManifest Manifest(byte[] content, string mediaType) => new(mediaType, Manifests.Digest(content), content);

    private static string RegistryKeysOf(string repository) => ArtifactKeeper.Registry.RegistryKeys.ProjectOf(repository);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        return buffer.ToArray();
    }
}
