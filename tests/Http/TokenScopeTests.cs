using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// The token server grants the intersection of what was asked and what the caller may do: never a 403 for a
/// scope, unknown types and actions silently dropped (Docker token spec).
/// </summary>
public sealed class TokenScopeTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string Password = "Developer-Password-1";

    private static JsonArray AccessOf(string token) => RegistryTokens.AccessOf(token);

    private async Task<string> NewUserAsync()
    {
        var name = "dev" + Guid.NewGuid().ToString("N")[..10];
        await factory.CreateUserAsync(name, Password);
        return name;
    }

    [Fact]
    public async Task User_without_push_asking_pull_push_gets_token_with_pull_only()
    {
        var repo = RegistryClient.UniqueRepo();
        using var user = factory.Client(await NewUserAsync(), Password);

        using var response = await user.GetAsync($"/service/token?service=artifactkeeper&scope=repository:{repo}:pull,push,delete");

        OciAssert.Status(response, HttpStatusCode.OK);
        var access = AccessOf((await RegistryClient.JsonAsync(response))["token"]!.GetValue<string>());
        var entry = Assert.Single(access);
        Assert.Equal("repository", entry!["type"]!.GetValue<string>());
        Assert.Equal(repo, entry["name"]!.GetValue<string>());
        Assert.Equal(["pull"], entry["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task Pull_only_token_push_is_refused_and_creates_nothing()
    {
        var repo = RegistryClient.UniqueRepo();
        using var user = factory.Client(await NewUserAsync(), Password);
        using var bearer = factory.Bearer(await user.TokenAsync($"repository:{repo}:pull,push"));
        var content = Manifests.RandomBytes(10);

        using var response = await bearer.SendAsync(HttpMethod.Post, $"/v2/{repo}/blobs/uploads/?digest={Manifests.Digest(content)}", RegistryClient.Bytes(content));

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var admin = factory.Admin();
        using var blob = await admin.HeadAsync($"/v2/{repo}/blobs/{Manifests.Digest(content)}");
        OciAssert.Status(blob, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_resource_types_and_actions_are_dropped_not_refused()
    {
        var repo = RegistryClient.UniqueRepo();
        using var admin = factory.Admin();

        using var response = await admin.GetAsync(
            $"/service/token?service=artifactkeeper&scope=repository:{repo}:pull,frobnicate&scope=helm-chart:{repo}:pull&scope=registry:catalog:*");

        OciAssert.Status(response, HttpStatusCode.OK);
        var access = AccessOf((await RegistryClient.JsonAsync(response))["token"]!.GetValue<string>());
        Assert.Equal(2, access.Count);
        Assert.Equal(["pull"], access[0]!["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("registry", access[1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Non_admin_asking_for_catalog_gets_token_without_it()
    {
        using var user = factory.Client(await NewUserAsync(), Password);

        using var response = await user.GetAsync("/service/token?service=artifactkeeper&scope=registry:catalog:*");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Empty(AccessOf((await RegistryClient.JsonAsync(response))["token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Token_lifetime_is_harbors_thirty_minutes()
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync("/service/token?service=artifactkeeper&scope=repository:library/x:pull");

        Assert.Equal(1800, (await RegistryClient.JsonAsync(response))["expires_in"]!.GetValue<int>());
    }
}
