using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>The <c>/v2/</c> challenge, HTTP Basic, anonymous access and Bearer token scope enforcement.</summary>
public sealed class AuthTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string Challenge = "Bearer realm=\"http://localhost/service/token\",service=\"artifactkeeper\"";

    private static async Task<string> PrivateProjectAsync(RegistryClient admin)
    {
        var name = "priv" + Guid.NewGuid().ToString("N")[..10];
        using var response = await admin.SendAsync(
            HttpMethod.Post, "/api/v2.0/projects", System.Net.Http.Json.JsonContent.Create(new { project_name = name, metadata = new { @public = "false" } }));
        OciAssert.Status(response, HttpStatusCode.Created);
        return name;
    }

    [Fact]
    public async Task Base_anonymously_returns_401_with_exact_bearer_challenge()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/v2/");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(Challenge, OciAssert.Header(response, "WWW-Authenticate"));
    }

    [Theory]
    [InlineData("/v2/")]
    [InlineData("/v2")]
    public async Task Base_with_admin_basic_returns_200(string path)
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync(path);

        OciAssert.Status(response, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("admin", "wrong-password")]
    [InlineData("admin", "Harbor12345")]
    [InlineData("nobody", "whatever1")]
    public async Task Base_with_wrong_credentials_returns_401(string username, string password)
    {
        using var client = factory.Client(username, password);

        using var response = await client.GetAsync("/v2/");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Wrong_password_is_refused_on_repository_endpoints_too()
    {
        using var admin = factory.Admin();
        using var wrong = factory.Client("admin", "wrong-password");
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var response = await wrong.GetAsync($"/v2/{image.Repository}/manifests/v1");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Anonymous_push_returns_401_with_scoped_challenge_and_creates_nothing()
    {
        using var anonymous = factory.Anonymous();
        var repo = RegistryClient.UniqueRepo();
        var content = Manifests.RandomBytes(10);

        using var response = await anonymous.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={Manifests.Digest(content)}", RegistryClient.Bytes(content));

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal($"{Challenge},scope=\"repository:{repo}:pull,push\"", OciAssert.Header(response, "WWW-Authenticate"));
        using var admin = factory.Admin();
        using var blob = await admin.HeadAsync($"/v2/{repo}/blobs/{Manifests.Digest(content)}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Anonymous_pull_of_private_project_returns_401()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var project = await PrivateProjectAsync(admin);
        var image = await admin.PushImageAsync($"{project}/app", "v1");

        using var manifest = await anonymous.GetAsync($"/v2/{image.Repository}/manifests/v1");
        using var blob = await anonymous.GetAsync($"/v2/{image.Repository}/blobs/{image.LayerDigest}");
        using var tags = await anonymous.GetAsync($"/v2/{image.Repository}/tags/list");

        await OciAssert.ErrorAsync(manifest, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(blob, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(tags, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal($"{Challenge},scope=\"repository:{image.Repository}:pull\"", OciAssert.Header(manifest, "WWW-Authenticate"));
    }

    [Fact]
    public async Task Admin_bearer_token_works_within_scope_and_is_refused_outside_it()
    {
        using var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var other = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        using var bearer = factory.Bearer(await admin.TokenAsync($"repository:{repo}:pull,push"));

        var image = await bearer.PushImageAsync(repo, "v1");
        using var pulled = await bearer.GetAsync($"/v2/{repo}/manifests/v1");
        using var outside = await bearer.GetAsync($"/v2/{other.Repository}/manifests/v1");
        using var delete = await bearer.DeleteAsync($"/v2/{repo}/manifests/v1");

        OciAssert.Status(pulled, HttpStatusCode.OK);
        Assert.Equal(image.Manifest, await pulled.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        await OciAssert.ErrorAsync(outside, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(delete, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(["v1"], await admin.TagsAsync(repo));
    }

    [Fact]
    public async Task Anonymous_token_pulls_public_image_but_push_returns_401()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        using var bearer = factory.Bearer(await anonymous.TokenAsync($"repository:{image.Repository}:pull,push"));

        using var pulled = await bearer.GetAsync($"/v2/{image.Repository}/manifests/v1");
        using var push = await bearer.SendAsync(HttpMethod.Post, $"/v2/{image.Repository}/blobs/uploads/");

        OciAssert.Status(pulled, HttpStatusCode.OK);
        await OciAssert.ErrorAsync(push, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains($"scope=\"repository:{image.Repository}:pull,push\"", OciAssert.Header(push, "WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_bearer_token_returns_401()
    {
        using var bearer = factory.Bearer("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl");

        using var response = await bearer.GetAsync($"/v2/{RegistryClient.UniqueRepo()}/tags/list");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
