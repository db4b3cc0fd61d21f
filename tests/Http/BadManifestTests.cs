using System.Net;
using System.Text;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Bad input in bodies: manifests and blob bytes. Each refusal must leave the registry unchanged.</summary>
public sealed class BadManifestTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    /// <summary>Asserts that tag <c>bad</c> was not created and the repository's tags are still exactly <c>v1</c>.</summary>
    private static async Task AssertUnchangedAsync(RegistryClient admin, PushedImage image)
    {
        using var get = await admin.GetAsync($"/v2/{image.Repository}/manifests/bad");
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal(["v1"], await admin.TagsAsync(image.Repository));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\":1}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"x\"},\"layers\":[]}")]
    public async Task Invariant6_Malformed_manifest_returns_400_manifest_invalid_and_stores_nothing(string body)
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var bytes = Encoding.UTF8.GetBytes(body);

        using var put = await admin.PutManifestAsync(image.Repository, "bad", bytes, Manifests.OciManifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        await AssertUnchangedAsync(admin, image);
        using var byDigest = await admin.HeadAsync($"/v2/{image.Repository}/manifests/{Manifests.Digest(bytes)}");
        OciAssert.Status(byDigest, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invariant6_Manifest_naming_never_pushed_blob_returns_404_manifest_blob_unknown()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var config = System.Text.Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\"}");
        var manifest = Manifests.Image(
            Manifests.Descriptor(Manifests.OciConfig, config),
            [Manifests.Descriptor(Manifests.OciLayer, image.Layer)]);

        using var put = await admin.PutManifestAsync(image.Repository, "bad", manifest, Manifests.OciManifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.NotFound, "MANIFEST_BLOB_UNKNOWN");
        await AssertUnchangedAsync(admin, image);
    }

    [Fact]
    public async Task Invariant6_Manifest_naming_blob_of_another_repository_returns_manifest_blob_unknown()
    {
        using var admin = factory.Admin();
        var elsewhere = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        // Same manifest bytes, but its blobs are linked only to the first repository.
        using var put = await admin.PutManifestAsync(image.Repository, "bad", elsewhere.Manifest, Manifests.OciManifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.NotFound, "MANIFEST_BLOB_UNKNOWN");
        await AssertUnchangedAsync(admin, image);
    }

    [Fact]
    public async Task Invariant6_Index_naming_unknown_child_returns_manifest_blob_unknown()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var index = Manifests.Index(
        [
            Manifests.Descriptor(Manifests.OciManifest, image.Manifest),
            Manifests.Descriptor(Manifests.OciManifest, Manifests.Digest(Manifests.RandomBytes(8)), 500),
        ]);

        using var put = await admin.PutManifestAsync(image.Repository, "bad", index, Manifests.OciIndex);

        await OciAssert.ErrorAsync(put, HttpStatusCode.NotFound, "MANIFEST_BLOB_UNKNOWN");
        await AssertUnchangedAsync(admin, image);
    }

    [Fact]
    public async Task Invariant6_Unknown_manifest_media_type_returns_415_unsupported()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        const string type = "application/vnd.example.unknown.manifest.v1+json";
        var body = Manifests.Image(
            Manifests.Descriptor(Manifests.OciConfig, image.ConfigDigest, 10),
            [Manifests.Descriptor(Manifests.OciLayer, image.Layer)],
            type);

        using var put = await admin.PutManifestAsync(image.Repository, "bad", body, type);

        await OciAssert.ErrorAsync(put, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED");
        await AssertUnchangedAsync(admin, image);
    }

    [Fact]
    public async Task Invariant6_Manifest_over_4_MiB_returns_413()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var padding = new string('x', (4 * 1024 * 1024) + 10);
        var body = Encoding.UTF8.GetString(image.Manifest).TrimEnd('}') + $",\"annotations\":{{\"pad\":\"{padding}\"}}}}";

        using var put = await admin.PutManifestAsync(image.Repository, "bad", Encoding.UTF8.GetBytes(body), Manifests.OciManifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");
        await AssertUnchangedAsync(admin, image);
    }

    [Fact]
    public async Task Invariant2_Put_manifest_by_digest_of_different_content_returns_400_digest_invalid()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var claimed = Manifests.Digest(Manifests.RandomBytes(8));

        using var put = await admin.PutManifestAsync(image.Repository, claimed, image.Manifest, Manifests.OciManifest);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var get = await admin.GetAsync($"/v2/{image.Repository}/manifests/{claimed}");
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Invariant2_Monolithic_upload_with_wrong_digest_is_refused_and_never_served()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(1000);
        var claimed = Manifests.Digest(Manifests.RandomBytes(1000));
        var location = await admin.StartUploadAsync(repo);

        using var put = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, claimed), RegistryClient.Bytes(content));

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        foreach (var digest in new[] { claimed, Manifests.Digest(content) })
        {
            using var get = await admin.GetAsync($"/v2/{repo}/blobs/{digest}");
            await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        }
    }

    [Fact]
    public async Task Invariant2_Single_post_with_wrong_digest_is_refused_and_never_served()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(1000);
        var claimed = Manifests.Digest(Manifests.RandomBytes(1000));

        using var post = await admin.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={claimed}", RegistryClient.Bytes(content));

        await OciAssert.ErrorAsync(post, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var get = await admin.GetAsync($"/v2/{repo}/blobs/{claimed}");
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Invariant2_Chunked_upload_with_wrong_digest_is_refused_and_can_be_retried()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(2000);
        var location = await admin.StartUploadAsync(repo);
        using var patch = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, RegistryClient.Bytes(content[..1500]));
        OciAssert.Status(patch, HttpStatusCode.Accepted);
        var wrong = Manifests.Digest(content[..1500]);

        using var bad = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, wrong), RegistryClient.Bytes(content[1500..]));

        await OciAssert.ErrorAsync(bad, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var notServed = await admin.HeadAsync($"/v2/{repo}/blobs/{wrong}");
        OciAssert.Status(notServed, HttpStatusCode.NotFound);
        using var retry = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, Manifests.Digest(content)), RegistryClient.Bytes(content[1500..]));
        OciAssert.Status(retry, HttpStatusCode.Created);
        using var served = await admin.GetAsync($"/v2/{repo}/blobs/{Manifests.Digest(content)}");
        Assert.Equal(content, await served.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }
}
