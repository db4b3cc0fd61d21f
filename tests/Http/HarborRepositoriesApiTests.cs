using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's repository API: list, read, describe, delete, and <c>/repositories</c>.</summary>
public sealed class HarborRepositoriesApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private async Task<(RegistryClient Admin, string Project)> ProjectAsync(bool isPublic = true)
    {
        var admin = factory.Admin();
        var project = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, isPublic);
        return (admin, project);
    }

    [Fact]
    public async Task List_returns_Harbor_repositories_with_artifact_counts_and_paging()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        foreach (var name in (string[])["alpha", "beta", "team/gamma"])
        {
            await admin.PushImageAsync($"{project}/{name}", "v1");
        }

        await admin.PushImageAsync($"{project}/alpha", "v2");

        using var response = await admin.GetAsync($"/api/v2.0/projects/{project}/repositories?sort=name&page_size=2");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("3", OciAssert.Header(response, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(response, "Link"), StringComparison.Ordinal);
        var page = (await RegistryClient.JsonAsync(response)).AsArray();
        Assert.Equal([$"{project}/alpha", $"{project}/beta"], HarborArtifacts.Strings(page, "name"));
        var alpha = page[0]!;
        Assert.Equal(2, alpha["artifact_count"]!.GetValue<long>());
        Assert.Equal(0, alpha["pull_count"]!.GetValue<long>());
        Assert.True(alpha["id"]!.GetValue<long>() > 0);
        Assert.True(alpha["project_id"]!.GetValue<long>() > 0);
        Assert.Equal(string.Empty, alpha["description"]!.GetValue<string>());
        Assert.NotNull(alpha["creation_time"]);
        Assert.NotNull(alpha["update_time"]);

        var second = await HarborArtifacts.GetJsonAsync(admin, $"/api/v2.0/projects/{project}/repositories?sort=name&page_size=2&page=2");
        Assert.Equal([$"{project}/team/gamma"], HarborArtifacts.Strings(second, "name"));
    }

    [Fact]
    public async Task List_filters_by_q_name_fuzzy_and_exact()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        await admin.PushImageAsync($"{project}/web-front", "v1");
        await admin.PushImageAsync($"{project}/web-back", "v1");
        await admin.PushImageAsync($"{project}/db", "v1");

        var fuzzy = await HarborArtifacts.GetJsonAsync(admin, $"/api/v2.0/projects/{project}/repositories?q={Uri.EscapeDataString("name=~web")}&sort=name");
        var exact = await HarborArtifacts.GetJsonAsync(admin, $"/api/v2.0/projects/{project}/repositories?q={Uri.EscapeDataString($"name={project}/db")}");

        Assert.Equal([$"{project}/web-back", $"{project}/web-front"], HarborArtifacts.Strings(fuzzy, "name"));
        Assert.Equal([$"{project}/db"], HarborArtifacts.Strings(exact, "name"));
    }

    [Fact]
    public async Task Get_accepts_double_encoded_names_and_Put_changes_only_the_description()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/team/app";
        await admin.PushImageAsync(repository, "v1");
        var path = HarborArtifacts.RepositoryPath(repository);
        Assert.Contains("%252F", path, StringComparison.Ordinal);

        using var put = await admin.SendAsync(HttpMethod.Put, path, JsonContent.Create(new { description = "the app", name = "ignored" }));
        OciAssert.Status(put, HttpStatusCode.OK);
        var read = await HarborArtifacts.GetJsonAsync(admin, path);
        var singleEncoded = await HarborArtifacts.GetJsonAsync(admin, $"/api/v2.0/projects/{project}/repositories/team%2Fapp");

        Assert.Equal(repository, read["name"]!.GetValue<string>());
        Assert.Equal("the app", read["description"]!.GetValue<string>());
        Assert.Equal(1, read["artifact_count"]!.GetValue<long>());
        Assert.Equal(read["id"]!.GetValue<long>(), singleEncoded["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Put_with_malformed_json_is_400_and_changes_nothing()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/app";
        await admin.PushImageAsync(repository, "v1");
        var path = HarborArtifacts.RepositoryPath(repository);

        using var response = await admin.SendAsync(HttpMethod.Put, path, HarborProjects.Json("{\"description\":"));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(string.Empty, (await HarborArtifacts.GetJsonAsync(admin, path))["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_removes_every_artifact_and_the_repository()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;
        var repository = $"{project}/app";
        var first = await admin.PushImageAsync(repository, "v1");
        await admin.PushImageAsync(repository, "v2");
        var path = HarborArtifacts.RepositoryPath(repository);

        using var response = await admin.DeleteAsync(path);

        OciAssert.Status(response, HttpStatusCode.OK);
        using var gone = await admin.GetAsync(path);
        await OciAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "NOT_FOUND");
        using var manifest = await admin.GetAsync($"/v2/{repository}/manifests/{first.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        var listing = await HarborArtifacts.GetJsonAsync(admin, $"/api/v2.0/projects/{project}/repositories");
        Assert.Empty(listing.AsArray());
        var audit = await AuditLogs.LinesAsync(factory, admin, $"/api/v2.0/audit-logs?q={Uri.EscapeDataString($"resource=~{repository}")}&page_size=100");
        Assert.Contains($"admin delete repository {repository}", audit);
        Assert.Contains($"admin delete artifact {repository}@{first.Digest}", audit);
    }

    [Fact]
    public async Task Unknown_project_or_repository_is_404_and_bad_paging_or_q_is_400()
    {
        var (admin, project) = await ProjectAsync();
        using var _ = admin;

        using var noProject = await admin.GetAsync($"/api/v2.0/projects/{HarborProjects.NewName()}/repositories");
        using var noRepository = await admin.GetAsync($"/api/v2.0/projects/{project}/repositories/missing");
        using var deleteMissing = await admin.DeleteAsync($"/api/v2.0/projects/{project}/repositories/missing");
        using var bigPage = await admin.GetAsync($"/api/v2.0/projects/{project}/repositories?page_size=101");
        using var badQuery = await admin.GetAsync($"/api/v2.0/projects/{project}/repositories?q=name");

        await OciAssert.ErrorAsync(noProject, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(noRepository, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(deleteMissing, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(bigPage, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badQuery, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task All_repositories_lists_only_what_the_caller_may_see()
    {
        var (admin, open) = await ProjectAsync(isPublic: true);
        using var _ = admin;
        var closed = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, closed, isPublic: false);
        await admin.PushImageAsync($"{open}/app", "v1");
        await admin.PushImageAsync($"{closed}/app", "v1");
        using var anonymous = factory.Anonymous();

        var asAdmin = HarborArtifacts.Strings(await HarborArtifacts.GetJsonAsync(admin, "/api/v2.0/repositories?page_size=100&q=" + Uri.EscapeDataString("name=~/app")), "name");
        var asAnonymous = HarborArtifacts.Strings(await HarborArtifacts.GetJsonAsync(anonymous, "/api/v2.0/repositories?page_size=100&q=" + Uri.EscapeDataString("name=~/app")), "name");

        Assert.Contains($"{open}/app", asAdmin);
        Assert.Contains($"{closed}/app", asAdmin);
        Assert.Contains($"{open}/app", asAnonymous);
        Assert.DoesNotContain($"{closed}/app", asAnonymous);
    }
}
