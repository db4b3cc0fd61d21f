using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// The artifact listing shows what the other features know of an artifact: its labels (and lists by label), its pull
/// time and count, and which of its tags an immutable rule protects; the Harbor API's deletes honour those rules.
/// </summary>
public sealed class HarborArtifactIntegrationTests(PullCountingRegistryFactory factory) : IClassFixture<PullCountingRegistryFactory>
{
    private static string Artifacts(string repository) =>
        $"/api/v2.0/projects/{repository.Split('/')[0]}/repositories/{Uri.EscapeDataString(Uri.EscapeDataString(repository[(repository.IndexOf('/', StringComparison.Ordinal) + 1)..]))}/artifacts";

    private static async Task<JsonArray> ListAsync(RegistryClient client, string path)
    {
        using var response = await client.GetAsync(path);
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).AsArray();
    }

    [Fact]
    public async Task Labels_pulls_and_immutability_appear_in_the_listing_and_label_queries_select_artifacts()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("intg");
        var projectId = await HarborProjects.CreateAsync(admin, project, isPublic: false);
        var repository = $"{project}/team/app";
        var release = await admin.PushImageAsync(repository, "v1.2.3");
        var nightly = await admin.PushImageAsync(repository, "nightly", configText: """{"architecture":"arm64","os":"linux"}""");
        var label = await HarborLabels.CreateProjectAsync(admin, projectId);
        using (var attach = await admin.SendAsync(HttpMethod.Post, $"{Artifacts(repository)}/{release.Digest}/labels", JsonContent.Create(new { id = label })))
        using (var rule = await admin.SendAsync(
            HttpMethod.Post,
            $"/api/v2.0/projects/{project}/immutabletagrules",
            HarborProjects.Json("""{"tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v*.*.*"}],"scope_selectors":{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"**"}]}}""")))
        {
            OciAssert.Status(attach, HttpStatusCode.OK);
            OciAssert.Status(rule, HttpStatusCode.Created);
        }

        for (var i = 0; i < 2; i++)
        {
            using var pull = await admin.GetAsync($"/v2/{repository}/manifests/v1.2.3");
            OciAssert.Status(pull, HttpStatusCode.OK);
        }

        await factory.FlushPullsAsync();

        var all = await ListAsync(admin, Artifacts(repository) + "?with_label=true&with_immutable_status=true");
        var released = all.Single(a => a!["digest"]!.GetValue<string>() == release.Digest)!;
        var other = all.Single(a => a!["digest"]!.GetValue<string>() == nightly.Digest)!;
        Assert.Equal([label], released["labels"]!.AsArray().Select(l => l!["id"]!.GetValue<long>()));
        Assert.Empty(other["labels"]!.AsArray());
        Assert.True(released["tags"]![0]!["immutable"]!.GetValue<bool>());
        Assert.False(other["tags"]![0]!["immutable"]!.GetValue<bool>());
        Assert.True(released["pull_time"]!.GetValue<DateTime>() > DateTime.UtcNow.AddHours(-1));
        Assert.True(other["pull_time"]!.GetValue<DateTime>() < new DateTime(1000, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var byLabel = await ListAsync(admin, Artifacts(repository) + "?q=" + Uri.EscapeDataString($"labels=({label})"));
        var byAnyLabel = await ListAsync(admin, Artifacts(repository) + "?q=" + Uri.EscapeDataString($"labels={{{label} 999999}}"));
        var labelAndOtherDigest = await ListAsync(admin, Artifacts(repository) + "?q=" + Uri.EscapeDataString($"labels={label},digest={nightly.Digest}"));
        Assert.Equal([release.Digest], byLabel.Select(a => a!["digest"]!.GetValue<string>()));
        Assert.Equal([release.Digest], byAnyLabel.Select(a => a!["digest"]!.GetValue<string>()));
        Assert.Empty(labelAndOtherDigest);
        using (var bad = await admin.GetAsync(Artifacts(repository) + "?q=" + Uri.EscapeDataString("labels=~x")))
        {
            await OciAssert.ErrorAsync(bad, HttpStatusCode.BadRequest, "BAD_REQUEST");
        }

        var repositoryJson = await RegistryClient.JsonAsync(await admin.GetAsync($"/api/v2.0/projects/{project}/repositories/{Uri.EscapeDataString(Uri.EscapeDataString("team/app"))}"));
        Assert.Equal(2, repositoryJson["pull_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Harbor_api_deletes_of_an_immutable_tag_or_its_artifact_are_412_naming_the_rule_and_change_nothing()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName("intd");
        await HarborProjects.CreateAsync(admin, project, isPublic: false);
        var repository = $"{project}/app";
        var image = await admin.PushImageAsync(repository, "v2.0.0");
        using (var rule = await admin.SendAsync(
            HttpMethod.Post,
            $"/api/v2.0/projects/{project}/immutabletagrules",
            HarborProjects.Json("""{"tag_selectors":[{"kind":"doublestar","decoration":"matches","pattern":"v*"}],"scope_selectors":{"repository":[{"kind":"doublestar","decoration":"repoMatches","pattern":"app"}]}}""")))
        {
            OciAssert.Status(rule, HttpStatusCode.Created);
        }

        using var tagDelete = await admin.DeleteAsync($"{Artifacts(repository)}/{image.Digest}/tags/v2.0.0");
        using var artifactDelete = await admin.DeleteAsync($"{Artifacts(repository)}/v2.0.0");

        foreach (var response in new[] { tagDelete, artifactDelete })
        {
            var message = await OciAssert.ErrorAsync(response, HttpStatusCode.PreconditionFailed, "PRECONDITION");
            Assert.Contains("immutable rule", message, StringComparison.Ordinal);
        }

        using var still = await admin.GetAsync($"/v2/{repository}/manifests/v2.0.0");
        OciAssert.Status(still, HttpStatusCode.OK);
    }
}
