using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's project API by name or id: read, update, delete, _deletable, summary, and their refusals.</summary>
public sealed class HarborProjectManageTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static Task<HttpResponseMessage> PutAsync(RegistryClient client, string nameOrId, HttpContent body) =>
        client.SendAsync(HttpMethod.Put, $"/api/v2.0/projects/{nameOrId}", body);

    [Fact]
    public async Task Library_is_project_1()
    {
        using var anonymous = factory.Anonymous();

        var library = await HarborProjects.GetAsync(anonymous, "1");

        Assert.Equal("library", library["name"]!.GetValue<string>());
        Assert.Equal(1, library["project_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Get_by_id_from_location_and_numeric_name_with_resource_name_header()
    {
        using var admin = factory.Admin();
        var numeric = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = await HarborProjects.CreateAsync(admin, numeric, false);

        var byId = await HarborProjects.GetAsync(admin, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var asId = await admin.GetAsync($"/api/v2.0/projects/{numeric}");
        using var asName = await admin.GetAsync($"/api/v2.0/projects/{numeric}", r => r.Headers.Add("X-Is-Resource-Name", "true"));

        Assert.Equal(numeric, byId["name"]!.GetValue<string>());
        await OciAssert.ErrorAsync(asId, HttpStatusCode.NotFound, "NOT_FOUND");
        OciAssert.Status(asName, HttpStatusCode.OK);
        Assert.Equal(id, (await RegistryClient.JsonAsync(asName))["project_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Put_changes_given_metadata_and_keeps_the_rest()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        using var created = await HarborProjects.CreateAsync(admin, new { project_name = name, metadata = new { @public = "false", auto_scan = "true", severity = "high" } });
        OciAssert.Status(created, HttpStatusCode.Created);
        var before = await HarborProjects.GetAsync(admin, name);

        using var response = await PutAsync(admin, name, JsonContent.Create(new { metadata = new { @public = "true", prevent_vul = true, unknown_key = "x" } }));

        OciAssert.Status(response, HttpStatusCode.OK);
        var after = await HarborProjects.GetAsync(admin, name);
        var metadata = after["metadata"]!;
        Assert.Equal("true", metadata["public"]!.GetValue<string>());
        Assert.Equal("true", metadata["auto_scan"]!.GetValue<string>());
        Assert.Equal("high", metadata["severity"]!.GetValue<string>());
        Assert.Equal("true", metadata["prevent_vul"]!.GetValue<string>());
        Assert.Null(metadata["unknown_key"]);
        Assert.True(after["update_time"]!.GetValue<DateTimeOffset>() >= before["update_time"]!.GetValue<DateTimeOffset>());
        using var anonymous = factory.Anonymous();
        OciAssert.Status(await anonymous.GetAsync($"/api/v2.0/projects/{name}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Put_deprecated_top_level_public_is_accepted()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, false);

        using var response = await PutAsync(admin, name, JsonContent.Create(new { @public = true }));

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("true", (await HarborProjects.GetAsync(admin, name))["metadata"]!["public"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{oops")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"public\":\"yes\"}")]
    [InlineData("{\"metadata\":\"public\"}")]
    [InlineData("{\"metadata\":{\"public\":{\"a\":1}}}")]
    [InlineData("{\"metadata\":{\"public\":\"maybe\"}}")]
    [InlineData("{\"metadata\":{\"severity\":\"extreme\"}}")]
    public async Task Put_bad_body_returns_400_and_changes_nothing(string body)
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, false);
        var before = await HarborProjects.GetAsync(admin, name);

        using var response = await PutAsync(admin, name, HarborProjects.Json(body));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before.ToJsonString(), (await HarborProjects.GetAsync(admin, name)).ToJsonString());
    }

    [Fact]
    public async Task Put_by_other_user_returns_403_and_anonymous_401_changing_nothing()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, true);
        var before = await HarborProjects.GetAsync(admin, name);
        using var other = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();
        var body = new { metadata = new { @public = "false" } };

        using var forbidden = await PutAsync(other, name, JsonContent.Create(body));
        using var unauthorized = await PutAsync(anonymous, name, JsonContent.Create(body));

        await OciAssert.ErrorAsync(forbidden, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(unauthorized, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(before.ToJsonString(), (await HarborProjects.GetAsync(admin, name)).ToJsonString());
    }

    [Fact]
    public async Task Owner_may_update_and_delete_own_project()
    {
        using var owner = await factory.NewUserAsync();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(owner, name, false);

        using var updated = await PutAsync(owner, name, JsonContent.Create(new { metadata = new { auto_scan = "true" } }));
        var project = await HarborProjects.GetAsync(owner, name);
        using var deleted = await owner.DeleteAsync($"/api/v2.0/projects/{name}");

        OciAssert.Status(updated, HttpStatusCode.OK);
        Assert.Equal("true", project["metadata"]!["auto_scan"]!.GetValue<string>());
        OciAssert.Status(deleted, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_private_project_as_other_user_returns_403()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, false);
        using var other = await factory.NewUserAsync();

        using var response = await other.GetAsync($"/api/v2.0/projects/{name}");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Put_and_delete_missing_project_return_404()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();

        using var put = await PutAsync(admin, name, JsonContent.Create(new { metadata = new { @public = "true" } }));
        using var delete = await admin.DeleteAsync($"/api/v2.0/projects/{name}");
        using var byId = await admin.DeleteAsync("/api/v2.0/projects/987654321");

        await OciAssert.ErrorAsync(put, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(delete, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(byId, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_empty_project_by_id_removes_it_and_the_name_can_be_reused()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        var id = await HarborProjects.CreateAsync(admin, name, true);

        using var deletable = await admin.GetAsync($"/api/v2.0/projects/{name}/_deletable");
        using var deleted = await admin.DeleteAsync($"/api/v2.0/projects/{id}");

        OciAssert.Status(deletable, HttpStatusCode.OK);
        Assert.True((await RegistryClient.JsonAsync(deletable))["deletable"]!.GetValue<bool>());
        OciAssert.Status(deleted, HttpStatusCode.OK);
        await OciAssert.ErrorAsync(await admin.GetAsync($"/api/v2.0/projects/{name}"), HttpStatusCode.NotFound, "NOT_FOUND");
        OciAssert.Status(await admin.HeadAsync($"/api/v2.0/projects?project_name={name}"), HttpStatusCode.NotFound);
        var newId = await HarborProjects.CreateAsync(admin, name, false);
        Assert.NotEqual(id, newId);
    }

    [Fact]
    public async Task Delete_project_with_repositories_returns_412_and_keeps_it()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, false);
        var image = await admin.PushImageAsync($"{name}/app", "v1");

        using var deletable = await admin.GetAsync($"/api/v2.0/projects/{name}/_deletable");
        using var response = await admin.DeleteAsync($"/api/v2.0/projects/{name}");

        var verdict = await RegistryClient.JsonAsync(deletable);
        Assert.False(verdict["deletable"]!.GetValue<bool>());
        Assert.Contains("repositories", verdict["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await OciAssert.ErrorAsync(response, HttpStatusCode.PreconditionFailed, "PRECONDITION");
        Assert.Equal(name, (await HarborProjects.GetAsync(admin, name))["name"]!.GetValue<string>());
        OciAssert.Status(await admin.GetAsync($"/v2/{name}/app/manifests/{image.Digest}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_by_other_user_returns_403_and_keeps_project()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, true);
        using var other = await factory.NewUserAsync();
        using var anonymous = factory.Anonymous();

        using var forbidden = await other.DeleteAsync($"/api/v2.0/projects/{name}");
        using var deletable = await other.GetAsync($"/api/v2.0/projects/{name}/_deletable");
        using var unauthorized = await anonymous.DeleteAsync($"/api/v2.0/projects/{name}");

        await OciAssert.ErrorAsync(forbidden, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(deletable, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(unauthorized, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await HarborProjects.GetAsync(admin, name);
    }

    [Fact]
    public async Task Summary_reports_repo_count()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();
        await HarborProjects.CreateAsync(admin, name, true);
        await admin.PushImageAsync($"{name}/one", "v1");
        await admin.PushImageAsync($"{name}/two", "v1");
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync($"/api/v2.0/projects/{name}/summary");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(2, (await RegistryClient.JsonAsync(response))["repo_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Head_anonymously_returns_401()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.HeadAsync("/api/v2.0/projects?project_name=library");

        OciAssert.Status(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Create_with_wrong_types_or_unknown_fields()
    {
        using var admin = factory.Admin();
        var name = HarborProjects.NewName();

        using var wrongType = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/projects", HarborProjects.Json($"{{\"project_name\":\"{name}\",\"public\":\"yes\"}}"));
        using var nameNumber = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/projects", HarborProjects.Json("{\"project_name\":42}"));
        using var proxy = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/projects", HarborProjects.Json($"{{\"project_name\":\"{name}\",\"registry_id\":3}}"));
        using var badValue = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/projects", HarborProjects.Json($"{{\"project_name\":\"{name}\",\"metadata\":{{\"auto_scan\":\"sometimes\"}}}}"));

        await OciAssert.ErrorAsync(wrongType, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(nameNumber, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badValue, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(proxy, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(await admin.GetAsync($"/api/v2.0/projects/{name}"), HttpStatusCode.NotFound, "NOT_FOUND");

        using var unknown = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/projects", HarborProjects.Json($"{{\"project_name\":\"{name}\",\"color\":\"blue\",\"public\":true,\"registry_id\":null,\"storage_limit\":-1}}"));

        OciAssert.Status(unknown, HttpStatusCode.Created);
        Assert.Equal("true", (await HarborProjects.GetAsync(admin, name))["metadata"]!["public"]!.GetValue<string>());
    }
}
