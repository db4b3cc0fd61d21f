using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Harbor's configure tag: the system admin reads every value and changes the editable ones, effective at once.</summary>
public sealed class ConfigurationsApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string Path = "/api/v2.0/configurations";

    private static Task<HttpResponseMessage> PutAsync(RegistryClient client, string json) =>
        client.SendAsync(HttpMethod.Put, Path, HarborProjects.Json(json));

    private static async Task<JsonObject> GetAsync(RegistryClient client)
    {
        using var response = await client.GetAsync(Path);
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).AsObject();
    }

    [Fact]
    public async Task Get_shows_values_with_editable_flags_and_no_secrets()
    {
        using var admin = factory.Admin();

        var configurations = await GetAsync(admin);

        Assert.Equal("db_auth", configurations["auth_mode"]!["value"]!.GetValue<string>());
        Assert.False(configurations["auth_mode"]!["editable"]!.GetValue<bool>());
        Assert.True(configurations["project_creation_restriction"]!["editable"]!.GetValue<bool>());
        Assert.Equal(-1, configurations["storage_per_project"]!["value"]!.GetValue<long>());
        Assert.Equal(30, configurations["token_expiration"]!["value"]!.GetValue<long>());
        Assert.All(configurations, e => Assert.Equal(["editable", "value"], e.Value!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)));
        Assert.DoesNotContain("ldap_search_password", configurations.Select(e => e.Key));
        Assert.DoesNotContain("oidc_client_secret", configurations.Select(e => e.Key));
    }

    [Fact]
    public async Task Only_the_system_admin_may_read_or_change()
    {
        using var anonymous = factory.Anonymous();
        using var user = await factory.NewUserAsync();

        await OciAssert.ErrorAsync(await anonymous.GetAsync(Path), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(await user.GetAsync(Path), HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(await PutAsync(anonymous, """{"storage_per_project":5}"""), HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(await PutAsync(user, """{"storage_per_project":5}"""), HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(-1, (await GetAsync(factory.Admin()))["storage_per_project"]!["value"]!.GetValue<long>());
    }

    [Fact]
    public async Task Project_creation_restriction_takes_effect_without_restart_and_is_stored()
    {
        using var admin = factory.Admin();
        using var user = await factory.NewUserAsync();

        using (var put = await PutAsync(admin, """{"project_creation_restriction":"adminonly","unknown_key":{"x":1}}"""))
        {
            OciAssert.Status(put, HttpStatusCode.OK);
        }

        try
        {
            using var refused = await HarborProjects.CreateAsync(user, new { project_name = HarborProjects.NewName() });
            await OciAssert.ErrorAsync(refused, HttpStatusCode.Forbidden, "FORBIDDEN");
            Assert.Equal("adminonly", (await GetAsync(admin))["project_creation_restriction"]!["value"]!.GetValue<string>());
            using var info = await user.GetAsync("/api/v2.0/systeminfo");
            Assert.Equal("adminonly", (await RegistryClient.JsonAsync(info))["project_creation_restriction"]!.GetValue<string>());

            // Stored in the settings table every gateway reads, so it also outlives a restart.
            var stored = await factory.Services.GetRequiredService<IConfigurationMetadata>().ListSettingsAsync("config.", TestContext.Current.CancellationToken);
            Assert.Equal("adminonly", stored["config.project_creation_restriction"]);
        }
        finally
        {
            using var reset = await PutAsync(admin, """{"project_creation_restriction":"everyone"}""");
            OciAssert.Status(reset, HttpStatusCode.OK);
        }

        await HarborProjects.CreateAsync(user, HarborProjects.NewName(), false);
    }

    [Theory]
    [InlineData("""{"project_creation_restriction":"nobody","storage_per_project":100}""", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("""{"storage_per_project":"100"}""", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("""{"storage_per_project":100,""", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("""[1]""", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("""{"storage_per_project":100,"ldap_url":"ldap://elsewhere"}""", HttpStatusCode.Forbidden, "FORBIDDEN")]
    [InlineData("""{"storage_per_project":100,"auth_mode":"ldap_auth"}""", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("""{"storage_per_project":100,"oidc_client_secret":"s"}""", HttpStatusCode.Forbidden, "FORBIDDEN")]
    public async Task Refused_updates_change_nothing(string json, HttpStatusCode status, string code)
    {
        using var admin = factory.Admin();
        await factory.NewUserAsync();
        var before = (await GetAsync(admin)).ToJsonString();

        await OciAssert.ErrorAsync(await PutAsync(admin, json), status, code);

        Assert.Equal(before, (await GetAsync(admin)).ToJsonString());
    }

    [Fact]
    public async Task Storage_per_project_is_stored()
    {
        using var admin = factory.Admin();

        using (var put = await PutAsync(admin, """{"storage_per_project":10737418240}"""))
        {
            OciAssert.Status(put, HttpStatusCode.OK);
        }

        Assert.Equal(10737418240L, (await GetAsync(admin))["storage_per_project"]!["value"]!.GetValue<long>());
        using var reset = await PutAsync(admin, """{"storage_per_project":-1}""");
        OciAssert.Status(reset, HttpStatusCode.OK);
    }
}
