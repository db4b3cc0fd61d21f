using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Bad input in the URL: repository names, tags and digests. Each refusal must leave the registry unchanged.</summary>
public sealed class BadNameTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    public static TheoryData<string> InvalidNames => new()
    {
        "library/Upper",
        "library/../escape",
        "library/%2e%2e/escape",
        "library/a//b",
        "library/" + new string('a', 260),
        "library/trailing-",
        "library/_lead",
    };

    private static async Task<List<string>> CatalogAsync(RegistryClient admin)
    {
        using var response = await admin.GetAsync("/v2/_catalog?n=10000");
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response))["repositories"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task Invariant6_Push_to_invalid_name_returns_400_name_invalid_and_creates_nothing(string name)
    {
        using var admin = factory.Admin();
        var seed = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        var before = await CatalogAsync(admin);

        // Sent raw: HttpClient would resolve "..", "%2e%2e" and "//" before the registry saw them.
        using var upload = await factory.SendRawAsync("POST", $"/v2/{name}/blobs/uploads/?digest={seed.LayerDigest}", seed.Layer, "application/octet-stream");
        using var manifest = await factory.SendRawAsync("PUT", $"/v2/{name}/manifests/v1", seed.Manifest, seed.MediaType);
        using var get = await factory.SendRawAsync("GET", $"/v2/{name}/manifests/v1");

        await OciAssert.ErrorAsync(upload, HttpStatusCode.BadRequest, "NAME_INVALID");
        await OciAssert.ErrorAsync(manifest, HttpStatusCode.BadRequest, "NAME_INVALID");
        await OciAssert.ErrorAsync(get, HttpStatusCode.BadRequest, "NAME_INVALID");
        Assert.Equal(before, await CatalogAsync(admin));
    }

    [Fact]
    public async Task Invariant6_Uppercase_name_does_not_alias_the_lowercase_repository()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var image = await admin.PushImageAsync(repo, tag: null);

        using var put = await admin.PutManifestAsync(repo.ToUpperInvariant(), "v1", image.Manifest, image.MediaType);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "NAME_INVALID");
        Assert.Equal([], await admin.TagsAsync(repo));
    }

    [Theory]
    [InlineData("-lead")]
    [InlineData(".lead")]
    [InlineData("bad+tag")]
    [InlineData("bad%20tag")]
    public async Task Invariant6_Put_manifest_with_invalid_tag_returns_400_tag_invalid_and_tags_unchanged(string tag)
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var put = await admin.PutManifestAsync(image.Repository, tag, image.Manifest, image.MediaType);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "TAG_INVALID");
        Assert.Equal(["v1"], await admin.TagsAsync(image.Repository));
    }

    [Fact]
    public async Task Invariant6_Put_manifest_with_overlong_tag_returns_400_tag_invalid()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var put = await admin.PutManifestAsync(image.Repository, new string('t', 129), image.Manifest, image.MediaType);

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "TAG_INVALID");
        Assert.Equal(["v1"], await admin.TagsAsync(image.Repository));
    }

    [Theory]
    [InlineData("-lead")]
    [InlineData("sha256:short")]
    [InlineData("sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Invariant6_Ungrammatical_reference_on_get_head_delete_returns_404_manifest_unknown(string reference)
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var get = await admin.GetAsync($"/v2/{image.Repository}/manifests/{reference}");
        using var head = await admin.HeadAsync($"/v2/{image.Repository}/manifests/{reference}");
        using var delete = await admin.DeleteAsync($"/v2/{image.Repository}/manifests/{reference}");

        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        OciAssert.Status(head, HttpStatusCode.NotFound);
        await OciAssert.ErrorAsync(delete, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal(["v1"], await admin.TagsAsync(image.Repository));
    }

    [Theory]
    [InlineData("sha256:xyz")]
    [InlineData("md5:0123456789abcdef0123456789abcdef")]
    [InlineData("notadigest")]
    public async Task Invalid_blob_digest_returns_400_digest_invalid(string digest)
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var layer = await admin.PushBlobAsync(repo, Manifests.RandomBytes(10));

        using var get = await admin.GetAsync($"/v2/{repo}/blobs/{digest}");
        using var delete = await admin.DeleteAsync($"/v2/{repo}/blobs/{digest}");

        await OciAssert.ErrorAsync(get, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await OciAssert.ErrorAsync(delete, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var kept = await admin.HeadAsync($"/v2/{repo}/blobs/{layer}");
        OciAssert.Status(kept, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("sha256:xyz")]
    [InlineData("")]
    public async Task Invariant6_Finish_upload_with_invalid_digest_returns_400_and_upload_can_still_finish(string digest)
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(50);
        var location = await admin.StartUploadAsync(repo);

        using var put = await admin.SendAsync(HttpMethod.Put, digest.Length == 0 ? location.PathAndQuery : RegistryClient.WithDigest(location, digest), RegistryClient.Bytes(content));

        await OciAssert.ErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var status = await admin.GetAsync(location.PathAndQuery);
        OciAssert.Status(status, HttpStatusCode.NoContent);
        using var retry = await admin.SendAsync(HttpMethod.Put, RegistryClient.WithDigest(location, Manifests.Digest(content)), RegistryClient.Bytes(content));
        OciAssert.Status(retry, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Invariant6_Push_into_missing_project_returns_404_name_unknown_naming_project()
    {
        using var admin = factory.Admin();
        var project = "nosuch" + Guid.NewGuid().ToString("N")[..8];
        var repo = $"{project}/app";
        var content = Manifests.RandomBytes(20);

        using var upload = await admin.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={Manifests.Digest(content)}", RegistryClient.Bytes(content));

        var message = await OciAssert.ErrorAsync(upload, HttpStatusCode.NotFound, "NAME_UNKNOWN");
        Assert.Contains(project, message, StringComparison.Ordinal);
        using var get = await admin.HeadAsync($"/v2/{repo}/blobs/{Manifests.Digest(content)}");
        OciAssert.Status(get, HttpStatusCode.NotFound);
        using var project404 = await admin.GetAsync($"/api/v2.0/projects/{project}");
        OciAssert.Status(project404, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unsupported_method_returns_405_with_allow_header()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var response = await admin.SendAsync(HttpMethod.Post, $"/v2/{image.Repository}/manifests/v1");

        await OciAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        Assert.Contains("PUT", OciAssert.Header(response, "Allow"), StringComparison.Ordinal);
        Assert.Equal(["v1"], await admin.TagsAsync(image.Repository));
    }
}
