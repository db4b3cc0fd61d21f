using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's /api/v2.0/projects/{p}/metadatas endpoints.</summary>
public sealed class HarborProjectMetadataTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private async Task<(RegistryClient Admin, string Name)> ProjectAsync()
    {
        var admin = factory.Admin();
        var name = HarborProjects.NewName("meta");
        await HarborProjects.CreateAsync(admin, name, false);
        return (admin, name);
    }

    private static async Task<Dictionary<string, string>> MetadataAsync(RegistryClient client, string name)
    {
        using var response = await client.GetAsync($"/api/v2.0/projects/{name}/metadatas");
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
    }

    [Fact]
    public async Task Add_get_update_delete_one_key()
    {
        var (admin, name) = await ProjectAsync();
        using var _ = admin;
        var path = $"/api/v2.0/projects/{name}/metadatas";

        using var added = await admin.SendAsync(HttpMethod.Post, path, JsonContent.Create(new { severity = "HIGH" }));
        using var one = await admin.GetAsync($"{path}/severity");
        OciAssert.Status(added, HttpStatusCode.OK);
        Assert.Equal("high", (await RegistryClient.JsonAsync(one))["severity"]!.GetValue<string>());

        using var updated = await admin.SendAsync(HttpMethod.Put, $"{path}/severity", JsonContent.Create(new { severity = "low" }));
        OciAssert.Status(updated, HttpStatusCode.OK);
        Assert.Equal("low", (await MetadataAsync(admin, name))["severity"]);

        using var deleted = await admin.DeleteAsync($"{path}/severity");
        OciAssert.Status(deleted, HttpStatusCode.OK);
        var after = await MetadataAsync(admin, name);
        Assert.False(after.ContainsKey("severity"));
        Assert.Equal("false", after["public"]);
        using var missing = await admin.GetAsync($"{path}/severity");
        OciAssert.Status(missing, HttpStatusCode.OK);
        Assert.Empty((await RegistryClient.JsonAsync(missing)).AsObject());
    }

    [Fact]
    public async Task Put_public_true_makes_project_readable_anonymously_at_once()
    {
        var (admin, name) = await ProjectAsync();
        using var _ = admin;
        using var anonymous = factory.Anonymous();
        await OciAssert.ErrorAsync(await anonymous.GetAsync($"/api/v2.0/projects/{name}"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        using var updated = await admin.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{name}/metadatas/public", JsonContent.Create(new { @public = "1" }));

        OciAssert.Status(updated, HttpStatusCode.OK);
        Assert.Equal("true", (await MetadataAsync(anonymous, name))["public"]);
    }

    [Fact]
    public async Task Add_existing_key_returns_409_and_keeps_value()
    {
        var (admin, name) = await ProjectAsync();
        using var _ = admin;

        using var response = await admin.SendAsync(HttpMethod.Post, $"/api/v2.0/projects/{name}/metadatas", JsonContent.Create(new { @public = "true" }));

        await OciAssert.ErrorAsync(response, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal("false", (await MetadataAsync(admin, name))["public"]);
    }

    [Theory]
    [InlineData("POST", "", "{\"color\":\"blue\"}")]
    [InlineData("POST", "", "{\"auto_scan\":\"true\",\"prevent_vul\":\"true\"}")]
    [InlineData("POST", "", "{}")]
    [InlineData("POST", "", "{\"auto_scan\":\"perhaps\"}")]
    [InlineData("POST", "", "{\"max_upstream_conn\":\"0\"}")]
    [InlineData("POST", "", "{oops")]
    [InlineData("POST", "", "{\"auto_scan\":[true]}")]
    [InlineData("PUT", "/public", "{\"auto_scan\":\"true\"}")]
    [InlineData("PUT", "/public", "{\"public\":\"maybe\"}")]
    [InlineData("PUT", "/color", "{\"color\":\"blue\"}")]
    public async Task Bad_key_value_or_body_returns_400_and_changes_nothing(string method, string suffix, string body)
    {
        var (admin, name) = await ProjectAsync();
        using var _ = admin;
        var before = await MetadataAsync(admin, name);

        using var response = await admin.SendAsync(new HttpMethod(method), $"/api/v2.0/projects/{name}/metadatas{suffix}", HarborProjects.Json(body));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await MetadataAsync(admin, name));
    }

    [Fact]
    public async Task Other_user_gets_403_anonymous_401_and_nothing_changes()
    {
        var (admin, name) = await ProjectAsync();
        using var _ = admin;
        using var other = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();
        var before = await MetadataAsync(admin, name);

        using var forbidden = await other.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{name}/metadatas/public", JsonContent.Create(new { @public = "true" }));
        using var unauthorized = await anonymous.DeleteAsync($"/api/v2.0/projects/{name}/metadatas/public");
        using var read = await other.GetAsync($"/api/v2.0/projects/{name}/metadatas");

        await OciAssert.ErrorAsync(forbidden, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(unauthorized, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(read, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(before, await MetadataAsync(admin, name));
    }

    [Fact]
    public async Task Collection_path_with_trailing_slash_as_harbor_spells_it()
    {
        var (admin, name) = await ProjectAsync();
        using var _ = admin;

        using var added = await admin.SendAsync(HttpMethod.Post, $"/api/v2.0/projects/{name}/metadatas/", JsonContent.Create(new { auto_scan = "true" }));
        using var listed = await admin.GetAsync($"/api/v2.0/projects/{name}/metadatas/");

        OciAssert.Status(added, HttpStatusCode.OK);
        OciAssert.Status(listed, HttpStatusCode.OK);
        Assert.Equal("true", (await RegistryClient.JsonAsync(listed))["auto_scan"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_project_returns_404()
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/api/v2.0/projects/{HarborProjects.NewName()}/metadatas");

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
