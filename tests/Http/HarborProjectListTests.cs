using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>GET /api/v2.0/projects: visibility per caller, q, sort, paging and their errors.</summary>
public sealed class HarborProjectListTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    /// <summary>A public and a private project owned by admin, a public and a private one owned by a user, one shared prefix.</summary>
    private async Task<(string Prefix, RegistryClient User, string[] Names)> SeedAsync()
    {
        using var admin = factory.Admin();
        var prefix = HarborProjects.NewName("ls");
        var user = await factory.NewUserAsync();
        string[] names = [$"{prefix}-a-adminpub", $"{prefix}-b-adminpriv", $"{prefix}-c-userpub", $"{prefix}-d-userpriv"];
        await HarborProjects.CreateAsync(admin, names[0], true);
        await HarborProjects.CreateAsync(admin, names[1], false);
        await HarborProjects.CreateAsync(user, names[2], true);
        await HarborProjects.CreateAsync(user, names[3], false);
        return (prefix, user, names);
    }

    [Fact]
    public async Task List_as_admin_sees_all_sorted_by_name_with_total()
    {
        var (prefix, user, names) = await SeedAsync();
        using var _ = user;
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/api/v2.0/projects?q=name%3D~{prefix}");

        Assert.Equal(names, await HarborProjects.NamesAsync(response));
        Assert.Equal("4", OciAssert.Header(response, "X-Total-Count"));
        Assert.False(OciAssert.HasHeader(response, "Link"));
    }

    [Fact]
    public async Task List_anonymously_sees_public_only()
    {
        var (prefix, user, names) = await SeedAsync();
        using var _ = user;
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync($"/api/v2.0/projects?name={prefix}");

        Assert.Equal([names[0], names[2]], await HarborProjects.NamesAsync(response));
        using var privateOnly = await anonymous.GetAsync($"/api/v2.0/projects?name={prefix}&public=false");
        Assert.Empty(await HarborProjects.NamesAsync(privateOnly));
        Assert.Equal("0", OciAssert.Header(privateOnly, "X-Total-Count"));
    }

    [Fact]
    public async Task List_as_user_sees_public_and_own()
    {
        var (prefix, user, names) = await SeedAsync();
        using var _ = user;

        using var all = await user.GetAsync($"/api/v2.0/projects?name={prefix}");
        using var privateOnly = await user.GetAsync($"/api/v2.0/projects?name={prefix}&public=false");

        Assert.Equal([names[0], names[2], names[3]], await HarborProjects.NamesAsync(all));
        Assert.Equal([names[3]], await HarborProjects.NamesAsync(privateOnly));
    }

    [Fact]
    public async Task List_filters_by_q_public_and_owner()
    {
        var (prefix, user, names) = await SeedAsync();
        using var _ = user;
        using var admin = factory.Admin();

        using var publicOnes = await admin.GetAsync($"/api/v2.0/projects?q={Uri.EscapeDataString($"name=~{prefix},public=true")}");
        using var adminOwned = await admin.GetAsync($"/api/v2.0/projects?q={Uri.EscapeDataString($"name=~{prefix}")}&owner=admin");
        using var orList = await admin.GetAsync($"/api/v2.0/projects?q={Uri.EscapeDataString($"name={{{names[1]} {names[3]}}}")}");
        using var unknownKey = await admin.GetAsync($"/api/v2.0/projects?q={Uri.EscapeDataString($"name=~{prefix},color=blue")}");

        Assert.Equal([names[0], names[2]], await HarborProjects.NamesAsync(publicOnes));
        Assert.Equal([names[0], names[1]], await HarborProjects.NamesAsync(adminOwned));
        Assert.Equal([names[1], names[3]], await HarborProjects.NamesAsync(orList));
        Assert.Equal(4, (await HarborProjects.NamesAsync(unknownKey)).Count);
    }

    [Fact]
    public async Task List_sorts_descending_and_pages_with_link_headers()
    {
        var (prefix, user, names) = await SeedAsync();
        using var _ = user;
        using var admin = factory.Admin();
        var query = $"q=name%3D~{prefix}&sort=-name";

        using var first = await admin.GetAsync($"/api/v2.0/projects?{query}&page_size=2");
        using var second = await admin.GetAsync($"/api/v2.0/projects?{query}&page=2&page_size=2");

        Assert.Equal([names[3], names[2]], await HarborProjects.NamesAsync(first));
        Assert.Equal([names[1], names[0]], await HarborProjects.NamesAsync(second));
        Assert.Equal("4", OciAssert.Header(first, "X-Total-Count"));
        var next = OciAssert.Header(first, "Link");
        Assert.Contains("rel=\"next\"", next, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", next, StringComparison.Ordinal);
        Assert.Contains("page=2&page_size=2", next, StringComparison.Ordinal);
        Assert.Contains("sort=-name", next, StringComparison.Ordinal);
        var prev = OciAssert.Header(second, "Link");
        Assert.StartsWith("</api/v2.0/projects?", prev, StringComparison.Ordinal);
        Assert.Contains("page=1&page_size=2>; rel=\"prev\"", prev, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    [InlineData("page_size=0")]
    [InlineData("page_size=101")]
    [InlineData("q=name")]
    [InlineData("q=name%3D%5B1")]
    [InlineData("q=public%3Dmaybe")]
    [InlineData("q=project_id%3Dabc")]
    [InlineData("public=maybe")]
    public async Task List_with_bad_parameters_returns_400_bad_request(string query)
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/api/v2.0/projects?{query}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task List_with_bad_credentials_returns_401()
    {
        using var wrong = factory.Client("admin", "wrong-password");

        using var response = await wrong.GetAsync("/api/v2.0/projects");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task List_reports_repo_count_and_owner()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, false);
        await admin.PushImageAsync($"{name}/app", "v1");

        using var response = await admin.GetAsync($"/api/v2.0/projects?name={name}");

        var project = (await RegistryClient.JsonAsync(response)).AsArray().Single()!;
        Assert.Equal(1, project["repo_count"]!.GetValue<long>());
        Assert.Equal("admin", project["owner_name"]!.GetValue<string>());
        Assert.True(project["owner_id"]!.GetValue<long>() > 0);
        Assert.EndsWith("Z", project["creation_time"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
