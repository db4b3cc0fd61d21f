using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Pull workflow, manifests (end-3): GET and HEAD by tag and by digest.</summary>
public sealed class ManifestPullTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Get_by_tag_or_digest_returns_exact_bytes_and_headers(bool byDigest)
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var reference = byDigest ? image.Digest : "v1";

        using var response = await admin.GetAsync($"/v2/{image.Repository}/manifests/{reference}");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(Manifests.OciManifest, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(image.Digest, OciAssert.Header(response, "Docker-Content-Digest"));
        Assert.Equal(image.Manifest.Length, response.Content.Headers.ContentLength);
        Assert.Equal(image.Manifest, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Head_by_tag_or_digest_returns_headers_without_body(bool byDigest)
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var reference = byDigest ? image.Digest : "v1";

        using var response = await admin.HeadAsync($"/v2/{image.Repository}/manifests/{reference}");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(Manifests.OciManifest, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(image.Digest, OciAssert.Header(response, "Docker-Content-Digest"));
        Assert.Equal(image.Manifest.Length, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Get_anonymously_from_public_library_returns_manifest()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "latest");

        using var response = await anonymous.GetAsync($"/v2/{image.Repository}/manifests/latest");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(image.Manifest, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("nosuchtag")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Get_unknown_reference_returns_404_manifest_unknown(string reference)
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var response = await admin.GetAsync($"/v2/{image.Repository}/manifests/{reference}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Head_unknown_manifest_returns_404()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var response = await admin.HeadAsync($"/v2/{image.Repository}/manifests/v2");

        OciAssert.Status(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_manifest_of_other_repository_returns_404()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var other = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var response = await admin.GetAsync($"/v2/{other.Repository}/manifests/{image.Digest}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }
}
