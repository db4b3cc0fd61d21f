using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's search tag: projects and repositories matching q among those the caller may see.</summary>
public sealed class SearchApiTests(PullCountingRegistryFactory factory) : IClassFixture<PullCountingRegistryFactory>
{
    private static async Task<(List<string> Projects, JsonArray Repositories)> SearchAsync(RegistryClient client, string q)
    {
        using var response = await client.GetAsync($"/api/v2.0/search?q={Uri.EscapeDataString(q)}");
        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        return (json["project"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList(), json["repository"]!.AsArray());
    }

    private static List<string> Names(JsonArray repositories) =>
        repositories.Select(r => r!["repository_name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Results_are_limited_to_what_the_caller_may_see()
    {
        using var admin = factory.Admin();
        var token = "srch" + Guid.NewGuid().ToString("N")[..8];
        var username = "u" + token;
        using var member = await factory.NewUserAsync(username);
        using var anonymous = factory.Anonymous();
        string open = token + "open", mine = token + "mine", hidden = token + "hidden";
        await HarborProjects.CreateAsync(admin, open, true);
        await HarborProjects.CreateAsync(admin, mine, false);
        await HarborProjects.CreateAsync(admin, hidden, false);
        await HarborMembers.AddUserAsync(admin, mine, username, 2);
        var openImage = await admin.PushImageAsync($"{open}/app", "v1");
        await admin.PushImageAsync($"{open}/app", "v2");
        await admin.PushImageAsync($"{mine}/app", "v1");
        await admin.PushImageAsync($"{hidden}/app", "v1");
        for (var i = 0; i < 3; i++)
        {
            using var pull = await admin.GetAsync($"/v2/{open}/app/manifests/{openImage.Digest}");
            OciAssert.Status(pull, HttpStatusCode.OK);
        }

        await factory.FlushPullsAsync();

        var asAdmin = await SearchAsync(admin, token);
        var asMember = await SearchAsync(member, token);
        var asAnonymous = await SearchAsync(anonymous, token);

        Assert.Equal([hidden, mine, open], asAdmin.Projects);
        Assert.Equal([$"{hidden}/app", $"{mine}/app", $"{open}/app"], Names(asAdmin.Repositories));
        Assert.Equal([mine, open], asMember.Projects);
        Assert.Equal([$"{mine}/app", $"{open}/app"], Names(asMember.Repositories));
        Assert.Equal([open], asAnonymous.Projects);
        var repository = Assert.Single(asAnonymous.Repositories)!.AsObject();
        Assert.Equal(
            ["artifact_count", "project_id", "project_name", "project_public", "pull_count", "repository_name"],
            repository.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal((open, true, 3L, 2L), (
            repository["project_name"]!.GetValue<string>(), repository["project_public"]!.GetValue<bool>(),
            repository["pull_count"]!.GetValue<long>(), repository["artifact_count"]!.GetValue<long>()));
        var project = await HarborProjects.GetAsync(admin, open);
        Assert.Equal(project["project_id"]!.GetValue<long>(), repository["project_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Repository_names_match_too_and_nothing_matching_is_empty()
    {
        using var admin = factory.Admin();
        var token = "rsch" + Guid.NewGuid().ToString("N")[..8];
        await admin.PushImageAsync($"library/{token}", "v1");

        var found = await SearchAsync(admin, token.ToUpperInvariant());
        var none = await SearchAsync(admin, "zz" + Guid.NewGuid().ToString("N"));

        Assert.Empty(found.Projects);
        Assert.Equal([$"library/{token}"], Names(found.Repositories));
        Assert.Empty(none.Projects);
        Assert.Empty(none.Repositories);
    }

    [Fact]
    public async Task Missing_q_is_422_and_wrong_credentials_401()
    {
        using var admin = factory.Admin();
        using var wrong = factory.Client("admin", "not-the-password");

        await OciAssert.ErrorAsync(await admin.GetAsync("/api/v2.0/search"), HttpStatusCode.UnprocessableEntity, "UNPROCESSABLE_ENTITY");
        await OciAssert.ErrorAsync(await admin.GetAsync("/api/v2.0/search?q="), HttpStatusCode.UnprocessableEntity, "UNPROCESSABLE_ENTITY");
        await OciAssert.ErrorAsync(await wrong.GetAsync("/api/v2.0/search?q=x"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
