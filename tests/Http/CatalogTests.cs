using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Content discovery, <c>/v2/_catalog</c>: admin only, sorted, with <c>n</c>/<c>last</c> paging.</summary>
public sealed class CatalogTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static async Task<List<string>> ReadAsync(HttpResponseMessage response) =>
        (await RegistryClient.JsonAsync(response))["repositories"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();

    [Fact]
    public async Task Catalog_pages_through_all_repositories_in_order()
    {
        using var admin = factory.Admin();
        var pushed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            pushed.Add((await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1")).Repository);
        }

        var seen = new List<string>();
        var path = "/v2/_catalog?n=2";
        for (var pages = 0; path is not null; pages++)
        {
            Assert.True(pages < 100, "paging did not terminate");
            using var response = await admin.GetAsync(path);
            OciAssert.Status(response, HttpStatusCode.OK);
            var names = await ReadAsync(response);
            Assert.InRange(names.Count, 1, 2);
            seen.AddRange(names);
            path = response.Headers.TryGetValues("Link", out var links) ? links.Single()[1..links.Single().IndexOf('>', StringComparison.Ordinal)] : null;
        }

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), pushed.ToHashSet());
    }

    [Fact]
    public async Task Catalog_without_n_lists_pushed_repositories()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var response = await admin.GetAsync("/v2/_catalog");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Contains(image.Repository, await ReadAsync(response));
    }

    [Fact]
    public async Task Catalog_with_n_zero_returns_empty_list_without_link()
    {
        using var admin = factory.Admin();
        await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");

        using var response = await admin.GetAsync("/v2/_catalog?n=0");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Empty(await ReadAsync(response));
        Assert.False(OciAssert.HasHeader(response, "Link"));
    }

    [Fact]
    public async Task Catalog_anonymously_returns_401()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/v2/_catalog");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.StartsWith("Bearer ", OciAssert.Header(response, "WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_with_admin_catalog_token_is_allowed_but_repository_token_gets_a_challenge_for_the_catalog_scope()
    {
        using var admin = factory.Admin();
        var image = await admin.PushImageAsync(RegistryClient.UniqueRepo(), "v1");
        using var catalogBearer = factory.Bearer(await admin.TokenAsync("registry:catalog:*"));
        using var repoBearer = factory.Bearer(await admin.TokenAsync($"repository:{image.Repository}:pull"));

        using var allowed = await catalogBearer.GetAsync("/v2/_catalog");
        using var refused = await repoBearer.GetAsync("/v2/_catalog");

        OciAssert.Status(allowed, HttpStatusCode.OK);
        Assert.Contains(image.Repository, await ReadAsync(allowed));
        await OciAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Contains("scope=\"registry:catalog:*\"", OciAssert.Header(refused, "WWW-Authenticate"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_for_a_signed_in_non_admin_is_401_with_a_challenge_as_in_harbor()
    {
        using var user = await factory.NewUserAsync();

        using var response = await user.GetAsync("/v2/_catalog");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.StartsWith("Bearer ", OciAssert.Header(response, "WWW-Authenticate"), StringComparison.Ordinal);
    }
}
