using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Scanning;

/// <summary>Harbor's /api/v2.0/scanners and /projects/{p}/scanner: shapes, permissions, 409, masking, default switch, project scanner.</summary>
public sealed class HarborScannersApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const int ProjectAdmin = 1, Developer = 2;
    private const string BuiltIn = ScannerRegistrationRecord.BuiltInUuid;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string UniqueName() => "scanner-" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<string> CreateAsync(RegistryClient admin, string name, string? credential = null)
    {
        using var response = await admin.Http.PostAsJsonAsync(
            "/api/v2.0/scanners",
            new { name, description = "d", url = $"http://{name}:8080", auth = credential is null ? "" : "Bearer", access_credential = credential, skip_certVerify = true },
            Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/api/v2.0/scanners/", location, StringComparison.Ordinal);
        return location["/api/v2.0/scanners/".Length..];
    }

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    [Fact]
    public async Task Create_answers_201_and_get_shows_harbor_fields_with_the_credential_masked_and_encrypted_at_rest()
    {
        using var admin = factory.Admin();
        var name = UniqueName();
        var uuid = await CreateAsync(admin, name, "super-secret-token");

        using var response = await admin.GetAsync($"/api/v2.0/scanners/{uuid}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = (await JsonAsync(response)).AsObject();
        Assert.Equal(uuid, (string?)json["uuid"]);
        Assert.Equal(name, (string?)json["name"]);
        Assert.Equal($"http://{name}:8080", (string?)json["url"]);
        Assert.Equal("Bearer", (string?)json["auth"]);
        Assert.Equal(string.Empty, (string?)json["access_credential"]);
        Assert.True((bool?)json["skip_certVerify"]);
        Assert.False((bool?)json["is_default"]);
        Assert.False((bool?)json["disabled"]);
        foreach (var field in new[] { "description", "use_internal_addr", "create_time", "update_time", "adapter", "vendor", "version", "health" })
        {
            Assert.True(json.ContainsKey(field), field);
        }

        var stored = await factory.Services.GetRequiredService<IScannerRegistrationMetadata>().GetScannerRegistrationAsync(uuid, Ct);
        Assert.StartsWith("v1.", stored!.AccessCredential, StringComparison.Ordinal);
        Assert.DoesNotContain("super-secret-token", stored.AccessCredential, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_the_built_in_scanner_first_and_pages()
    {
        using var admin = factory.Admin();
        await CreateAsync(admin, UniqueName());

        using var response = await admin.GetAsync("/api/v2.0/scanners?page=1&page_size=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = Assert.Single((await JsonAsync(response)).AsArray());
        Assert.Equal(BuiltIn, (string?)first!["uuid"]);
        Assert.Equal("ArtifactKeeper", (string?)first["adapter"]);
        Assert.True(int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 2);
    }

    [Fact]
    public async Task Taken_name_or_url_is_409_and_bad_bodies_are_400_changing_nothing()
    {
        using var admin = factory.Admin();
        var name = UniqueName();
        await CreateAsync(admin, name);
        var before = (await factory.Services.GetRequiredService<IScannerRegistrationMetadata>().ListScannerRegistrationsAsync(Ct)).Count;

        using var sameName = await admin.Http.PostAsJsonAsync("/api/v2.0/scanners", new { name, url = "http://elsewhere-" + name }, Ct);
        using var sameUrl = await admin.Http.PostAsJsonAsync("/api/v2.0/scanners", new { name = UniqueName(), url = $"http://{name}:8080" }, Ct);
        using var noName = await admin.Http.PostAsJsonAsync("/api/v2.0/scanners", new { url = "http://x-" + name }, Ct);
        using var badUrl = await admin.Http.PostAsJsonAsync("/api/v2.0/scanners", new { name = UniqueName(), url = "ftp://x" }, Ct);
        using var malformed = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/scanners", HarborProjects.Json("{not json"));

        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameUrl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.NotNull((await JsonAsync(sameName))["errors"]![0]!["code"]);
        Assert.Equal(before, (await factory.Services.GetRequiredService<IScannerRegistrationMetadata>().ListScannerRegistrationsAsync(Ct)).Count);
    }

    [Fact]
    public async Task Only_system_administrators_manage_registrations()
    {
        using var admin = factory.Admin();
        var uuid = await CreateAsync(admin, UniqueName());
        using var user = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();

        using var list = await user.GetAsync("/api/v2.0/scanners");
        using var create = await user.Http.PostAsJsonAsync("/api/v2.0/scanners", new { name = UniqueName(), url = "http://x" }, Ct);
        using var delete = await user.DeleteAsync($"/api/v2.0/scanners/{uuid}");
        using var anonymousList = await anonymous.GetAsync("/api/v2.0/scanners");

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        using var still = await admin.GetAsync($"/api/v2.0/scanners/{uuid}");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Default_switch_protects_the_default_and_the_built_in_scanner()
    {
        using var admin = factory.Admin();
        var uuid = await CreateAsync(admin, UniqueName(), "token");

        using (var patch = await admin.SendAsync(HttpMethod.Patch, $"/api/v2.0/scanners/{uuid}", HarborProjects.Json("""{"is_default":true}""")))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        using (var get = await admin.GetAsync($"/api/v2.0/scanners/{uuid}"))
        {
            Assert.True((bool?)(await JsonAsync(get))["is_default"]);
        }

        using (var builtIn = await admin.GetAsync($"/api/v2.0/scanners/{BuiltIn}"))
        {
            Assert.False((bool?)(await JsonAsync(builtIn))["is_default"]);
        }

        using (var deleteDefault = await admin.DeleteAsync($"/api/v2.0/scanners/{uuid}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, deleteDefault.StatusCode);
        }

        using (var deleteBuiltIn = await admin.DeleteAsync($"/api/v2.0/scanners/{BuiltIn}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, deleteBuiltIn.StatusCode);
        }

        using (var putBuiltIn = await admin.Http.PutAsJsonAsync($"/api/v2.0/scanners/{BuiltIn}", new { name = "renamed", url = "http://renamed" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, putBuiltIn.StatusCode);
        }

        using (var back = await admin.SendAsync(HttpMethod.Patch, $"/api/v2.0/scanners/{BuiltIn}", HarborProjects.Json("""{"is_default":true}""")))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }

        using (var delete = await admin.DeleteAsync($"/api/v2.0/scanners/{uuid}"))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        using var gone = await admin.GetAsync($"/api/v2.0/scanners/{uuid}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Update_replaces_fields_and_keeps_an_omitted_credential()
    {
        using var admin = factory.Admin();
        var uuid = await CreateAsync(admin, UniqueName(), "kept-token");
        var renamed = UniqueName();

        using var put = await admin.Http.PutAsJsonAsync($"/api/v2.0/scanners/{uuid}", new { name = renamed, url = $"http://{renamed}", auth = "Bearer", disabled = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await factory.Services.GetRequiredService<IScannerRegistrationMetadata>().GetScannerRegistrationAsync(uuid, Ct);
        Assert.Equal((renamed, $"http://{renamed}", true), (stored!.Name, stored.Url, stored.Disabled));
        var credential = await factory.Services.GetRequiredService<ArtifactKeeper.Scanning.External.ScannerCredentialProtector>().UnprotectAsync(stored.AccessCredential, uuid, Ct);
        Assert.Equal("kept-token", credential);
    }

    [Fact]
    public async Task Project_scanner_defaults_to_the_default_registration_and_can_be_set_by_a_project_admin()
    {
        using var admin = factory.Admin();
        var project = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, project, isPublic: false);
        var uuid = await CreateAsync(admin, UniqueName());
        var developerName = HarborUsers.NewName();
        using var developer = await factory.NewUserAsync(developerName);
        await HarborMembers.AddUserAsync(admin, project, developerName, Developer);
        var ownerName = HarborUsers.NewName();
        using var owner = await factory.NewUserAsync(ownerName);
        await HarborMembers.AddUserAsync(admin, project, ownerName, ProjectAdmin);

        using (var initial = await developer.GetAsync($"/api/v2.0/projects/{project}/scanner"))
        {
            Assert.Equal(HttpStatusCode.OK, initial.StatusCode);
            Assert.Equal(BuiltIn, (string?)(await JsonAsync(initial))["uuid"]);
        }

        using (var refused = await developer.Http.PutAsJsonAsync($"/api/v2.0/projects/{project}/scanner", new { uuid }, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var unknown = await owner.Http.PutAsJsonAsync($"/api/v2.0/projects/{project}/scanner", new { uuid = "no-such" }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        }

        using (var set = await owner.Http.PutAsJsonAsync($"/api/v2.0/projects/{project}/scanner", new { uuid }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        using (var now = await developer.GetAsync($"/api/v2.0/projects/{project}/scanner"))
        {
            Assert.Equal(uuid, (string?)(await JsonAsync(now))["uuid"]);
        }

        using var candidates = await owner.GetAsync($"/api/v2.0/projects/{project}/scanner/candidates?page_size=100");
        Assert.Equal(HttpStatusCode.OK, candidates.StatusCode);
        Assert.Contains((await JsonAsync(candidates)).AsArray(), c => (string?)c!["uuid"] == uuid);
        using var developerCandidates = await developer.GetAsync($"/api/v2.0/projects/{project}/scanner/candidates");
        Assert.Equal(HttpStatusCode.Forbidden, developerCandidates.StatusCode);
    }

    [Fact]
    public async Task Ping_of_an_adapter_that_is_down_is_400()
    {
        using var admin = factory.Admin();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var ping = await admin.Http.PostAsJsonAsync("/api/v2.0/scanners/ping", new { name = "p", url = $"http://127.0.0.1:{port}" }, Ct);
        using var badUrl = await admin.Http.PostAsJsonAsync("/api/v2.0/scanners/ping", new { url = "nope" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, ping.StatusCode);
        Assert.Contains("failed to ping", (string?)(await JsonAsync(ping))["errors"]![0]!["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
    }

    [Fact]
    public async Task Metadata_of_the_built_in_scanner_names_it()
    {
        using var admin = factory.Admin();
        using var response = await admin.GetAsync($"/api/v2.0/scanners/{BuiltIn}/metadata");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("ArtifactKeeper", (string?)json["scanner"]!["name"]);
        Assert.Equal("vulnerability", (string?)json["capabilities"]![0]!["type"]);
    }
}
