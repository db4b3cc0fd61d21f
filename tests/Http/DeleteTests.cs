using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Content management: deleting tags (end-9 by tag), manifests (end-9 by digest) and blobs (end-10).</summary>
public sealed class DeleteTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task Delete_tag_returns_202_and_keeps_manifest_by_digest()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var image = await admin.PushImageAsync(repo, "v1");
        await admin.PushManifestAsync(repo, "v2", image.Manifest, image.MediaType);

        using var delete = await admin.DeleteAsync($"/v2/{repo}/manifests/v1");

        OciAssert.Status(delete, HttpStatusCode.Accepted);
        using var byTag = await admin.GetAsync($"/v2/{repo}/manifests/v1");
        await OciAssert.ErrorAsync(byTag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var byDigest = await admin.GetAsync($"/v2/{repo}/manifests/{image.Digest}");
        OciAssert.Status(byDigest, HttpStatusCode.OK);
        Assert.Equal(["v2"], await admin.TagsAsync(repo));
    }

    [Fact]
    public async Task Delete_manifest_by_digest_removes_it_and_its_tags()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var image = await admin.PushImageAsync(repo, "v1");
        await admin.PushManifestAsync(repo, "stable", image.Manifest, image.MediaType);
        var other = await admin.PushImageAsync(repo, "other");

        using var delete = await admin.DeleteAsync($"/v2/{repo}/manifests/{image.Digest}");

        OciAssert.Status(delete, HttpStatusCode.Accepted);
        using var byDigest = await admin.GetAsync($"/v2/{repo}/manifests/{image.Digest}");
        await OciAssert.ErrorAsync(byDigest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var byTag = await admin.HeadAsync($"/v2/{repo}/manifests/stable");
        OciAssert.Status(byTag, HttpStatusCode.NotFound);
        Assert.Equal([other.Tag!], await admin.TagsAsync(repo));
    }

    [Fact]
    public async Task Delete_unknown_manifest_or_tag_returns_404()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var tag = await admin.DeleteAsync($"/v2/{image.Repository}/manifests/nosuch");
        using var digest = await admin.DeleteAsync($"/v2/{image.Repository}/manifests/{Manifests.Digest(Manifests.RandomBytes(4))}");

        await OciAssert.ErrorAsync(tag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        await OciAssert.ErrorAsync(digest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal(["v1"], await admin.TagsAsync(image.Repository));
    }

    [Fact]
    public async Task Delete_blob_returns_202_then_blob_is_unknown()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var digest = await admin.PushBlobAsync(repo, Manifests.RandomBytes(200));

        using var delete = await admin.DeleteAsync($"/v2/{repo}/blobs/{digest}");

        OciAssert.Status(delete, HttpStatusCode.Accepted);
        using var get = await admin.GetAsync($"/v2/{repo}/blobs/{digest}");
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var again = await admin.DeleteAsync($"/v2/{repo}/blobs/{digest}");
        await OciAssert.ErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Delete_blob_in_one_repository_keeps_it_in_another()
    {
        using var admin = factory.Admin();
        var first = RegistryClient.UniqueRepo();
        var second = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(100);
        var digest = await admin.PushBlobAsync(first, content);
        await admin.PushBlobAsync(second, content);

        using var delete = await admin.DeleteAsync($"/v2/{first}/blobs/{digest}");

        OciAssert.Status(delete, HttpStatusCode.Accepted);
        using var kept = await admin.GetAsync($"/v2/{second}/blobs/{digest}");
        OciAssert.Status(kept, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_blob_a_manifest_references_returns_409_and_the_image_still_pulls()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var delete = await admin.DeleteAsync($"/v2/{image.Repository}/blobs/{image.LayerDigest}");

        await OciAssert.ErrorAsync(delete, HttpStatusCode.Conflict, "DENIED");
        using var layer = await admin.GetAsync($"/v2/{image.Repository}/blobs/{image.LayerDigest}");
        OciAssert.Status(layer, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_manifest_unlinks_the_blobs_only_it_referenced()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var delete = await admin.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Digest}");

        OciAssert.Status(delete, HttpStatusCode.Accepted);
        using var layer = await admin.HeadAsync($"/v2/{image.Repository}/blobs/{image.LayerDigest}");
        OciAssert.Status(layer, HttpStatusCode.NotFound);
        Assert.Equal(image.Digest, await image.PushAgainAsync(admin, "v1"));
    }

    [Fact]
    public async Task Delete_anonymously_on_public_project_returns_401_and_keeps_tag()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var delete = await anonymous.DeleteAsync($"/v2/{image.Repository}/manifests/v1");

        await OciAssert.ErrorAsync(delete, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(["v1"], await admin.TagsAsync(image.Repository));
    }
}
