using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Content discovery, tags (end-8a/8b): sorting, <c>n</c>/<c>last</c> paging and the Link header.</summary>
public sealed class TagListTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static readonly string[] Unsorted = ["v2", "latest", "10", "9", "A", "_x", "v1.0"];

    private async Task<(RegistryClient Admin, string Repo)> TaggedRepoAsync()
    {
        var admin = factory.Admin();
        var repo = RegistryClient.UniqueRepo();
        var image = await admin.PushImageAsync(repo, tag: null);
        foreach (var tag in Unsorted)
        {
            await admin.PushManifestAsync(repo, tag, image.Manifest, image.MediaType);
        }

        return (admin, repo);
    }

    private static async Task<List<string>> ReadTagsAsync(HttpResponseMessage response)
    {
        var json = await RegistryClient.JsonAsync(response);
        return json["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task List_returns_name_and_tags_in_lexical_order()
    {
        var (admin, repo) = await TaggedRepoAsync();
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{repo}/tags/list");

        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        Assert.Equal(repo, json["name"]!.GetValue<string>());
        Assert.Equal(Unsorted.Order(StringComparer.Ordinal), await ReadTagsAsync(response));
        Assert.False(OciAssert.HasHeader(response, "Link"));
    }

    [Fact]
    public async Task List_with_n_pages_through_every_tag_following_link()
    {
        var (admin, repo) = await TaggedRepoAsync();
        using var _ = admin;
        var seen = new List<string>();
        var path = $"/v2/{repo}/tags/list?n=3";

        for (var pages = 0; path is not null; pages++)
        {
            Assert.True(pages < 10, "paging did not terminate");
            using var response = await admin.GetAsync(path);
            OciAssert.Status(response, HttpStatusCode.OK);
            var tags = await ReadTagsAsync(response);
            Assert.InRange(tags.Count, 1, 3);
            seen.AddRange(tags);
            path = null;
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = links.Single();
                Assert.EndsWith("; rel=\"next\"", link, StringComparison.Ordinal);
                path = link[1..link.IndexOf('>', StringComparison.Ordinal)];
                Assert.Contains("n=3", path, StringComparison.Ordinal);
                Assert.Contains("last=" + Uri.EscapeDataString(tags[^1]), path, StringComparison.Ordinal);
            }
        }

        Assert.Equal(Unsorted.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task List_with_last_starts_after_that_tag()
    {
        var (admin, repo) = await TaggedRepoAsync();
        using var _ = admin;
        var sorted = Unsorted.Order(StringComparer.Ordinal).ToList();

        using var response = await admin.GetAsync($"/v2/{repo}/tags/list?n=2&last={sorted[2]}");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(sorted.Skip(3).Take(2), await ReadTagsAsync(response));
    }

    [Fact]
    public async Task List_with_n_zero_returns_empty_list_without_link()
    {
        var (admin, repo) = await TaggedRepoAsync();
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{repo}/tags/list?n=0");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Empty(await ReadTagsAsync(response));
        Assert.False(OciAssert.HasHeader(response, "Link"));
    }

    [Fact]
    public async Task List_with_n_larger_than_count_returns_all_without_link()
    {
        var (admin, repo) = await TaggedRepoAsync();
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{repo}/tags/list?n=100");

        Assert.Equal(Unsorted.Length, (await ReadTagsAsync(response)).Count);
        Assert.False(OciAssert.HasHeader(response, "Link"));
    }

    [Fact]
    public async Task List_of_unknown_repository_returns_404_name_unknown()
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/v2/{RegistryClient.UniqueRepo()}/tags/list");

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task List_with_invalid_n_returns_400(string n)
    {
        var (admin, repo) = await TaggedRepoAsync();
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{repo}/tags/list?n={n}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
    }

    [Fact]
    public async Task List_with_last_between_tags_starts_at_next_greater_tag()
    {
        var (admin, repo) = await TaggedRepoAsync();
        using var _ = admin;

        using var response = await admin.GetAsync($"/v2/{repo}/tags/list?last=u");

        Assert.Equal(Unsorted.Order(StringComparer.Ordinal).Where(t => string.CompareOrdinal(t, "u") > 0), await ReadTagsAsync(response));
    }
}
