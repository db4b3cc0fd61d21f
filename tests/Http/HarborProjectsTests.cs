using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's project API: create, duplicate, invalid names, authentication and the project JSON.</summary>
public sealed class HarborProjectsTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static string NewName() => "proj" + Guid.NewGuid().ToString("N")[..10];

    private static Task<HttpResponseMessage> CreateAsync(RegistryClient client, object body) =>
        client.SendAsync(HttpMethod.Post, "/api/v2.0/projects", JsonContent.Create(body));

    [Fact]
    public async Task Create_returns_201_then_get_returns_harbor_json()
    {
        using var admin = factory.Admin();
        var name = NewName();

        using var created = await CreateAsync(admin, new { project_name = name, metadata = new { @public = "true" } });

        OciAssert.Status(created, HttpStatusCode.Created);
        Assert.StartsWith("/api/v2.0/projects/", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        await admin.PushImageAsync($"{name}/app", "v1");
        using var response = await admin.GetAsync($"/api/v2.0/projects/{name}");
        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        Assert.True(json["project_id"]!.GetValue<long>() > 0);
        Assert.Equal(name, json["name"]!.GetValue<string>());
        Assert.Equal("true", json["metadata"]!["public"]!.GetValue<string>());
        Assert.Equal("admin", json["owner_name"]!.GetValue<string>());
        Assert.Equal(1, json["repo_count"]!.GetValue<long>());
        var created_at = json["creation_time"]!.GetValue<DateTimeOffset>();
        Assert.InRange(created_at, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Create_private_project_reports_public_false()
    {
        using var admin = factory.Admin();
        var name = NewName();

        using var created = await CreateAsync(admin, new { project_name = name, metadata = new { @public = "false" } });

        OciAssert.Status(created, HttpStatusCode.Created);
        using var response = await admin.GetAsync($"/api/v2.0/projects/{name}");
        var json = await RegistryClient.JsonAsync(response);
        Assert.Equal("false", json["metadata"]!["public"]!.GetValue<string>());
        Assert.Equal(0, json["repo_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Get_library_anonymously_returns_public_project()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/api/v2.0/projects/library");

        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        Assert.Equal("library", json["name"]!.GetValue<string>());
        Assert.Equal("true", json["metadata"]!["public"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_duplicate_returns_409_conflict()
    {
        using var admin = factory.Admin();
        var name = NewName();
        using var first = await CreateAsync(admin, new { project_name = name });
        OciAssert.Status(first, HttpStatusCode.Created);

        using var second = await CreateAsync(admin, new { project_name = name });

        await OciAssert.ErrorAsync(second, HttpStatusCode.Conflict, "CONFLICT");
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("has space")]
    [InlineData("-lead")]
    [InlineData("a/b")]
    public async Task Create_with_invalid_name_returns_400_and_creates_nothing(string name)
    {
        using var admin = factory.Admin();

        using var response = await CreateAsync(admin, new { project_name = name });

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        using var lower = await admin.GetAsync($"/api/v2.0/projects/{Uri.EscapeDataString(name.ToLowerInvariant())}");
        await OciAssert.ErrorAsync(lower, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Create_with_malformed_json_returns_400()
    {
        using var admin = factory.Admin();

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/projects", new StringContent("{oops", System.Text.Encoding.UTF8, "application/json"));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Create_anonymously_returns_401_and_creates_nothing()
    {
        using var anonymous = factory.Anonymous();
        using var admin = factory.Admin();
        var name = NewName();

        using var response = await CreateAsync(anonymous, new { project_name = name });

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var get = await admin.GetAsync($"/api/v2.0/projects/{name}");
        await OciAssert.ErrorAsync(get, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Get_private_project_anonymously_returns_401()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();
        var name = NewName();
        using var created = await CreateAsync(admin, new { project_name = name, metadata = new { @public = "false" } });

        using var response = await anonymous.GetAsync($"/api/v2.0/projects/{name}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Head_projects_reports_existence()
    {
        using var admin = factory.Admin();

        using var library = await admin.SendAsync(HttpMethod.Head, "/api/v2.0/projects?project_name=library");
        using var missing = await admin.SendAsync(HttpMethod.Head, $"/api/v2.0/projects?project_name={NewName()}");

        OciAssert.Status(library, HttpStatusCode.OK);
        OciAssert.Status(missing, HttpStatusCode.NotFound);
    }
}
