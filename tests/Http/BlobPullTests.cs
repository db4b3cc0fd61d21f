using System.Net;
using System.Net.Http.Headers;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Pull workflow, blobs (end-2): GET, HEAD and Range requests.</summary>
public sealed class BlobPullTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(RegistryClient Admin, string Repo, byte[] Content, string Digest)> PushAsync(int size = 100)
    {
        var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(size);
        var digest = await admin.PushBlobAsync(repo, content);
        return (admin, repo, content, digest);
    }

    [Fact]
    public async Task Get_returns_exact_bytes_with_digest_and_length()
    {
        var (admin, repo, content, digest) = await PushAsync(5000);
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{repo}/blobs/{digest}");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(digest, OciAssert.Header(response, "Docker-Content-Digest"));
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Head_returns_length_and_digest_without_body()
    {
        var (admin, repo, content, digest) = await PushAsync(777);
        using var _ = admin;

        using var response = await admin.HeadAsync($"/v2/{repo}/blobs/{digest}");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(digest, OciAssert.Header(response, "Docker-Content-Digest"));
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("bytes=10-19", 10, 10)]
    [InlineData("bytes=90-", 90, 10)]
    [InlineData("bytes=-5", 95, 5)]
    [InlineData("bytes=95-500", 95, 5)]
    public async Task Get_with_range_returns_206_and_content_range(string range, int offset, int length)
    {
        var (admin, repo, content, digest) = await PushAsync(100);
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{repo}/blobs/{digest}", r => r.Headers.TryAddWithoutValidation("Range", range));

        OciAssert.Status(response, HttpStatusCode.PartialContent);
        Assert.Equal(new ContentRangeHeaderValue(offset, offset + length - 1, content.Length), response.Content.Headers.ContentRange);
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal(content.AsSpan(offset, length).ToArray(), await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_with_range_past_end_returns_416_with_oci_error()
    {
        var (admin, repo, content, digest) = await PushAsync(100);
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{repo}/blobs/{digest}", r => r.Headers.Range = new RangeHeaderValue(100, 200));

        await OciAssert.ErrorAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal($"bytes */{content.Length}", OciAssert.Header(response, "Content-Range"));
    }

    [Fact]
    public async Task Get_unknown_blob_returns_404_blob_unknown()
    {
        var (admin, repo, _, _) = await PushAsync();
        using var __ = admin;
        var unknown = Manifests.Digest(Manifests.RandomBytes(16));

        using var get = await admin.GetAsync($"/v2/{repo}/blobs/{unknown}");
        using var head = await admin.HeadAsync($"/v2/{repo}/blobs/{unknown}");

        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        OciAssert.Status(head, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_blob_linked_only_to_other_repository_returns_404()
    {
        var (admin, _, _, digest) = await PushAsync();
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{RegistryClient.UniqueRepo()}/blobs/{digest}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }
}
