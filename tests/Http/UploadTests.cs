using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Push workflow, blob uploads (end-4a/4b, end-5, end-6, end-13, cancel).</summary>
public sealed class UploadTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertBlobAsync(RegistryClient client, string repo, byte[] content)
    {
        using var response = await client.GetAsync($"/v2/{repo}/blobs/{Manifests.Digest(content)}");
        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    private static ByteArrayContent Chunk(byte[] content, int start, int length)
    {
        var body = RegistryClient.Bytes(content.AsSpan(start, length).ToArray());
        body.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + length - 1}");
        return body;
    }

    [Fact]
    public async Task Post_then_put_monolithic_returns_201_and_publishes()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(4096);
        var digest = Manifests.Digest(content);

        using var start = await admin.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/");
        OciAssert.Status(start, HttpStatusCode.Accepted);
        Assert.NotNull(start.Headers.Location);
        Assert.False(string.IsNullOrEmpty(OciAssert.Header(start, "Docker-Upload-UUID")));
        var location = new Uri(admin.Http.BaseAddress!, start.Headers.Location);
        using var put = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, digest), RegistryClient.Bytes(content));

        OciAssert.Status(put, HttpStatusCode.Created);
        Assert.Equal(digest, OciAssert.Header(put, "Docker-Content-Digest"));
        Assert.EndsWith($"/v2/{repo}/blobs/{digest}", put.Headers.Location!.ToString(), StringComparison.Ordinal);
        await AssertBlobAsync(admin, repo, content);
    }

    [Fact]
    public async Task Post_with_digest_uploads_in_one_request()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(3000);
        var digest = Manifests.Digest(content);

        using var response = await admin.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={digest}", RegistryClient.Bytes(content));

        OciAssert.Status(response, HttpStatusCode.Created);
        Assert.Equal(digest, OciAssert.Header(response, "Docker-Content-Digest"));
        Assert.EndsWith($"/v2/{repo}/blobs/{digest}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        await AssertBlobAsync(admin, repo, content);
    }

    [Fact]
    public async Task Patch_chunks_report_range_location_and_uuid_then_put_completes()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(3000);
        var location = await admin.StartUploadAsync(repo);

        using var first = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, Chunk(content, 0, 1000));
        OciAssert.Status(first, HttpStatusCode.Accepted);
        Assert.Equal("0-999", OciAssert.Header(first, "Range"));
        Assert.False(string.IsNullOrEmpty(OciAssert.Header(first, "Docker-Upload-UUID")));
        location = new Uri(admin.Http.BaseAddress!, first.Headers.Location!);
        Assert.Contains($"/v2/{repo}/blobs/uploads/", location.AbsolutePath, StringComparison.Ordinal);

        using var second = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, Chunk(content, 1000, 1500));
        OciAssert.Status(second, HttpStatusCode.Accepted);
        Assert.Equal("0-2499", OciAssert.Header(second, "Range"));
        location = new Uri(admin.Http.BaseAddress!, second.Headers.Location!);

        // The final chunk travels with the closing PUT.
        using var put = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, Manifests.Digest(content)), Chunk(content, 2500, 500));
        OciAssert.Status(put, HttpStatusCode.Created);
        await AssertBlobAsync(admin, repo, content);
    }

    [Fact]
    public async Task Patch_out_of_order_returns_416_and_upload_still_completes()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(2000);
        var location = await admin.StartUploadAsync(repo);
        using var first = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, Chunk(content, 0, 1000));
        OciAssert.Status(first, HttpStatusCode.Accepted);

        using var gap = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, Chunk(content, 1500, 500));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, gap.StatusCode);
        Assert.Equal("0-999", OciAssert.Header(gap, "Range"));

        using var second = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, Chunk(content, 1000, 1000));
        OciAssert.Status(second, HttpStatusCode.Accepted);
        using var put = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, Manifests.Digest(content)));
        OciAssert.Status(put, HttpStatusCode.Created);
        await AssertBlobAsync(admin, repo, content);
    }

    [Fact]
    public async Task Get_upload_status_returns_204_with_range()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(600);
        var location = await admin.StartUploadAsync(repo);
        using var patch = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, Chunk(content, 0, 600));

        using var status = await admin.GetAsync(location.PathAndQuery);

        OciAssert.Status(status, HttpStatusCode.NoContent);
        Assert.Equal("0-599", OciAssert.Header(status, "Range"));
        Assert.NotNull(status.Headers.Location);
        Assert.Equal(OciAssert.Header(patch, "Docker-Upload-UUID"), OciAssert.Header(status, "Docker-Upload-UUID"));
    }

    [Fact]
    public async Task Delete_upload_returns_204_then_upload_is_unknown()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(100);
        var location = await admin.StartUploadAsync(repo);
        using var patch = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, Chunk(content, 0, 100));

        using var cancel = await admin.DeleteAsync(location.PathAndQuery);
        OciAssert.Status(cancel, HttpStatusCode.NoContent);

        using var status = await admin.GetAsync(location.PathAndQuery);
        await OciAssert.ErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var put = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, Manifests.Digest(content)));
        await OciAssert.ErrorAsync(put, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var blob = await admin.HeadAsync($"/v2/{repo}/blobs/{Manifests.Digest(content)}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_status_of_unknown_upload_returns_404()
    {
        using var admin = factory.Admin();

        using var status = await admin.GetAsync($"/v2/{RegistryClient.UniqueRepo()}/blobs/uploads/{Guid.NewGuid()}");

        await OciAssert.ErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Patch_upload_through_another_repository_returns_404_blob_upload_unknown()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var other = RegistryClient.UniqueRepo();
        var location = await admin.StartUploadAsync(repo);
        var uuid = location.AbsolutePath[(location.AbsolutePath.LastIndexOf('/') + 1)..];
        var content = Manifests.RandomBytes(10);

        using var patch = await admin.SendAsync(HttpMethod.Patch, $"/v2/{other}/blobs/uploads/{uuid}", RegistryClient.Bytes(content));
        using var put = await admin.SendAsync(HttpMethod.Put, $"/v2/{other}/blobs/uploads/{uuid}?digest={Manifests.Digest(content)}", RegistryClient.Bytes(content));

        await OciAssert.ErrorAsync(patch, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await OciAssert.ErrorAsync(put, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var blob = await admin.HeadAsync($"/v2/{other}/blobs/{Manifests.Digest(content)}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
        using var status = await admin.GetAsync(location.PathAndQuery);
        OciAssert.Status(status, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Large_blob_streams_intact_and_serves_ranges_across_buffer_boundaries()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes((3 * 1024 * 1024) + 17);
        var digest = await admin.PushBlobAsync(repo, content);

        using var whole = await admin.GetAsync($"/v2/{repo}/blobs/{digest}");
        Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync(Ct));
        using var range = await admin.GetAsync($"/v2/{repo}/blobs/{digest}", r => r.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(200_000, 900_000));
        OciAssert.Status(range, HttpStatusCode.PartialContent);
        Assert.Equal(content.AsSpan(200_000, 700_001).ToArray(), await range.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Anonymous_upload_status_returns_401()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var location = await admin.StartUploadAsync(RegistryClient.UniqueRepo());

        using var status = await anonymous.GetAsync(location.PathAndQuery);
        using var cancel = await anonymous.DeleteAsync(location.PathAndQuery);

        await OciAssert.ErrorAsync(status, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(cancel, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var still = await admin.GetAsync(location.PathAndQuery);
        OciAssert.Status(still, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Empty_blob_uploads_and_is_served()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        byte[] empty = [];

        using var post = await admin.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={Manifests.Digest(empty)}", RegistryClient.Bytes(empty));

        OciAssert.Status(post, HttpStatusCode.Created);
        using var get = await admin.GetAsync($"/v2/{repo}/blobs/{Manifests.Digest(empty)}");
        OciAssert.Status(get, HttpStatusCode.OK);
        Assert.Equal(0, get.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Pushing_the_same_blob_twice_returns_201_both_times()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(300);

        await admin.PushBlobAsync(repo, content);
        await admin.PushBlobAsync(repo, content);

        await AssertBlobAsync(admin, repo, content);
    }

    [Fact]
    public async Task Invariant6_Patch_shorter_than_its_content_range_is_refused_and_upload_continues()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(200);
        var location = await admin.StartUploadAsync(repo);
        var shortBody = RegistryClient.Bytes(content[..50]);
        shortBody.Headers.TryAddWithoutValidation("Content-Range", "0-99");

        using var bad = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, shortBody);

        await OciAssert.ErrorAsync(bad, HttpStatusCode.BadRequest, "SIZE_INVALID");
        using var status = await admin.GetAsync(location.PathAndQuery);
        OciAssert.Status(status, HttpStatusCode.NoContent);
        Assert.Equal("0-0", OciAssert.Header(status, "Range"));
        using var good = await admin.SendAsync(HttpMethod.Patch, location.PathAndQuery, Chunk(content, 0, 200));
        OciAssert.Status(good, HttpStatusCode.Accepted);
        using var put = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, Manifests.Digest(content)));
        OciAssert.Status(put, HttpStatusCode.Created);
        await AssertBlobAsync(admin, repo, content);
    }
}
