using System.Net;
using System.Text;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// A repository of 10,000 tagged artifacts, and one artifact with 10,000 tags, page through Harbor's API completely:
/// every item once, none missing, even though many share one push time. Rows are written straight into the store
/// (the registry's own write path for manifests) before any grain of these repositories is activated.
/// </summary>
public sealed class HarborArtifactPagingTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const int Count = 10_000;
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    private static ManifestRecord Record(string repository, int i, DateTimeOffset at)
    {
        var content = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{OciManifest}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{{i:D64}}","size":2},"layers":[]}""");
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        return new ManifestRecord(repository, digest, OciManifest, "application/vnd.oci.image.config.v1+json", content.Length, null, content, [], null, at);
    }

    private async Task<(RegistryClient Admin, string Project)> ProjectAsync()
    {
        var admin = factory.Admin();
        var project = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, isPublic: false);
        return (admin, project);
    }

    private static async Task<List<string>> PageThroughAsync(RegistryClient client, string firstPage, string field)
    {
        var seen = new List<string>();
        string? path = firstPage;
        for (var pages = 0; path is not null; pages++)
        {
            Assert.True(pages <= Count / 100, "paging did not terminate");
            using var response = await client.GetAsync(path);
            OciAssert.Status(response, HttpStatusCode.OK);
            Assert.Equal(Count.ToString(System.Globalization.CultureInfo.InvariantCulture), OciAssert.Header(response, "X-Total-Count"));
            var items = (await RegistryClient.JsonAsync(response)).AsArray();
            Assert.InRange(items.Count, 1, 100);
            seen.AddRange(items.Select(i => i![field]!.GetValue<string>()));
            path = null;
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var next = links.Single().Split(" , ").SingleOrDefault(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal));
                path = next?[1..next.IndexOf('>', StringComparison.Ordinal)];
            }
        }

        return seen;
    }

    [Fact]
    public async Task Ten_thousand_artifacts_page_without_duplicates_or_gaps()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/many";
        var store = factory.Services.GetRequiredService<IMetadataStore>();
        var at = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, Count).Select(i => Record(repository, i, at.AddMilliseconds(i / 7))).ToList();
        foreach (var chunk in records.Chunk(500))
        {
            await Task.WhenAll(chunk.Select(r => store.PutManifestAsync(r, "t" + r.Digest[7..23], TestContext.Current.CancellationToken)));
        }

        var seen = await PageThroughAsync(admin, $"{HarborArtifacts.ArtifactsPath(repository)}?page_size=100", "digest");

        Assert.Equal(Count, seen.Count);
        Assert.Equal(records.Select(r => r.Digest).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        var repo = await HarborArtifacts.GetJsonAsync(admin, HarborArtifacts.RepositoryPath(repository));
        Assert.Equal(Count, repo["artifact_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Ten_thousand_tags_of_one_artifact_page_without_duplicates_or_gaps()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/tags";
        var store = factory.Services.GetRequiredService<IMetadataStore>();
        var record = Record(repository, 0, DateTimeOffset.UtcNow);
        var names = Enumerable.Range(0, Count).Select(i => $"v{i}").ToList();
        await store.PutManifestAsync(record, names[0], TestContext.Current.CancellationToken);
        foreach (var chunk in names.Skip(1).Chunk(500))
        {
            await Task.WhenAll(chunk.Select(n => store.PutManifestAsync(record, n, TestContext.Current.CancellationToken)));
        }

        var seen = await PageThroughAsync(admin, $"{HarborArtifacts.ArtifactsPath(repository)}/{record.Digest}/tags?page_size=100", "name");

        Assert.Equal(names.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        using var oci = await admin.GetAsync($"/v2/{repository}/tags/list?n=100");
        OciAssert.Status(oci, HttpStatusCode.OK);
    }
}
