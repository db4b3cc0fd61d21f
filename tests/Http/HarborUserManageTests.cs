using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>GET/PUT /users/{user_id}, /users/current and the profile refusals.</summary>
public sealed class HarborUserManageTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private async Task<(long Id, string Name, RegistryClient Client)> NewUserAsync()
    {
        using var admin = factory.Admin();
        var name = HarborUsers.NewName();
        var id = await HarborUsers.CreateAsync(admin, name);
        return (id, name, factory.Client(name, HarborUsers.Password));
    }

    private static Task<HttpResponseMessage> PutProfileAsync(RegistryClient client, long id, HttpContent body) =>
        client.SendAsync(HttpMethod.Put, $"/api/v2.0/users/{id}", body);

    [Fact]
    public async Task Current_returns_the_callers_user_resp()
    {
        var (id, name, client) = await NewUserAsync();
        using var _ = client;
        using var admin = factory.Admin();

        using var mine = await client.GetAsync("/api/v2.0/users/current");
        using var admins = await admin.GetAsync("/api/v2.0/users/current");

        OciAssert.Status(mine, HttpStatusCode.OK);
        var me = await RegistryClient.JsonAsync(mine);
        Assert.Equal((id, name, false), (me["user_id"]!.GetValue<long>(), me["username"]!.GetValue<string>(), me["sysadmin_flag"]!.GetValue<bool>()));
        var root = await RegistryClient.JsonAsync(admins);
        Assert.Equal(("admin", true, 1L), (root["username"]!.GetValue<string>(), root["sysadmin_flag"]!.GetValue<bool>(), root["user_id"]!.GetValue<long>()));
        Assert.Equal(("admin@example.com", "system admin"), (root["email"]!.GetValue<string>(), root["realname"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Current_anonymous_or_with_a_bad_token_is_401()
    {
        using var anonymous = factory.Anonymous();
        using var forged = factory.Bearer("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl");

        using var noCredentials = await anonymous.GetAsync("/api/v2.0/users/current");
        using var badToken = await forged.GetAsync("/api/v2.0/users/current");

        await OciAssert.ErrorAsync(noCredentials, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(badToken, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Get_by_id_for_self_and_admin_but_403_for_another_user_even_unknown_ids()
    {
        var (id, name, client) = await NewUserAsync();
        var (otherId, _, other) = await NewUserAsync();
        using var _1 = client;
        using var _2 = other;
        using var admin = factory.Admin();

        Assert.Equal(name, (await HarborUsers.GetAsync(client, id))["username"]!.GetValue<string>());
        Assert.Equal(name, (await HarborUsers.GetAsync(admin, id))["username"]!.GetValue<string>());
        using var foreign = await other.GetAsync($"/api/v2.0/users/{id}");
        using var probe = await other.GetAsync("/api/v2.0/users/999999");
        await OciAssert.ErrorAsync(foreign, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(probe, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.NotEqual(id, otherId);
    }

    [Theory]
    [InlineData("999999", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("abc", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("0", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("-3", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    public async Task Get_unknown_or_malformed_id(string id, HttpStatusCode status, string code)
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/api/v2.0/users/{id}");

        await OciAssert.ErrorAsync(response, status, code);
    }

    [Fact]
    public async Task Get_without_credentials_is_401()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/api/v2.0/users/1");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Put_profile_by_self_replaces_email_realname_and_comment()
    {
        var (id, name, client) = await NewUserAsync();
        using var _ = client;

        using var response = await PutProfileAsync(client, id, JsonContent.Create(new { email = $"new-{name}@example.org", realname = "New Name", username = "ignored" }));

        OciAssert.Status(response, HttpStatusCode.OK);
        var user = await HarborUsers.GetAsync(client, id);
        Assert.Equal($"new-{name}@example.org", user["email"]!.GetValue<string>());
        Assert.Equal("New Name", user["realname"]!.GetValue<string>());
        Assert.Equal(string.Empty, user["comment"]!.GetValue<string>());
        Assert.Equal(name, user["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_profile_by_admin_for_another_user_succeeds()
    {
        var (id, name, client) = await NewUserAsync();
        using var _ = client;
        using var admin = factory.Admin();

        using var response = await PutProfileAsync(admin, id, JsonContent.Create(new { email = $"{name}@example.net", realname = "By Admin", comment = "c" }));

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal("By Admin", (await HarborUsers.StoredAsync(factory, name))!.Realname);
    }

    [Fact]
    public async Task Put_profile_of_another_user_as_non_admin_is_403_and_changes_nothing()
    {
        var (id, name, client) = await NewUserAsync();
        var (_, _, other) = await NewUserAsync();
        using var _1 = client;
        using var _2 = other;
        var before = await HarborUsers.StoredAsync(factory, name);

        using var response = await PutProfileAsync(other, id, JsonContent.Create(new { email = "x@example.com", realname = "Hijack" }));

        await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(before, await HarborUsers.StoredAsync(factory, name));
    }

    [Fact]
    public async Task Put_profile_with_another_users_email_is_409_and_changes_nothing()
    {
        var (id, name, client) = await NewUserAsync();
        var (_, otherName, other) = await NewUserAsync();
        using var _1 = client;
        using var _2 = other;
        var before = await HarborUsers.StoredAsync(factory, name);

        using var response = await PutProfileAsync(client, id, JsonContent.Create(new { email = $"{otherName}@example.com", realname = "Copy" }));

        await OciAssert.ErrorAsync(response, HttpStatusCode.Conflict, "CONFLICT");
        Assert.Equal(before, await HarborUsers.StoredAsync(factory, name));
    }

    [Theory]
    [InlineData("{\"realname\":\"No Email\"}")]
    [InlineData("{\"email\":\"x@example.com\"}")]
    [InlineData("{\"email\":\"x@example.com\",\"realname\":\"R\",\"comment\":\"0123456789012345678901234567890\"}")]
    [InlineData("{\"email\":\"x@example.com\",\"realname\":7}")]
    [InlineData("{\"email\":")]
    public async Task Put_profile_with_invalid_body_is_400_and_changes_nothing(string json)
    {
        var (id, name, client) = await NewUserAsync();
        using var _ = client;
        var before = await HarborUsers.StoredAsync(factory, name);

        using var response = await PutProfileAsync(client, id, HarborProjects.Json(json));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(before, await HarborUsers.StoredAsync(factory, name));
    }

    [Fact]
    public async Task Put_profile_of_unknown_user_is_404()
    {
        using var admin = factory.Admin();

        using var response = await PutProfileAsync(admin, 999_999, JsonContent.Create(new { email = "x@example.com", realname = "R" }));

        await OciAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
