using System.Net;
using System.Net.Http.Json;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// PUT /users/{user_id}/password, PUT /users/{user_id}/sysadmin and DELETE /users/{user_id}: who may, Harbor's
/// refusals, and that a change takes effect on this gateway at once although logins are cached.
/// </summary>
public sealed class HarborUserCredentialTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string NewPassword = "Changed-Password-2";

    private async Task<(long Id, string Name)> NewUserAsync()
    {
        using var admin = factory.Admin();
        var name = HarborUsers.NewName();
        return (await HarborUsers.CreateAsync(admin, name), name);
    }

    private static Task<HttpResponseMessage> PutAsync(RegistryClient client, string path, object body) =>
        client.SendAsync(HttpMethod.Put, path, JsonContent.Create(body));

    private static Task<HttpResponseMessage> PutRawAsync(RegistryClient client, string path, string json) =>
        client.SendAsync(HttpMethod.Put, path, HarborProjects.Json(json));

    [Fact]
    public async Task Own_password_change_with_old_password_works_at_once_and_old_one_stops_working()
    {
        var (id, name) = await NewUserAsync();
        using var client = factory.Client(name, HarborUsers.Password);
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));

        using var response = await PutAsync(client, $"/api/v2.0/users/{id}/password", new { old_password = HarborUsers.Password, new_password = NewPassword });

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, NewPassword));
    }

    [Theory]
    [InlineData("{\"old_password\":\"Wrong-Password-9\",\"new_password\":\"Changed-Password-2\"}", HttpStatusCode.Forbidden, "FORBIDDEN")]
    [InlineData("{\"new_password\":\"Changed-Password-2\"}", HttpStatusCode.Forbidden, "FORBIDDEN")]
    [InlineData("{\"old_password\":\"Users-Password-1\",\"new_password\":\"weak\"}", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("{\"old_password\":\"Users-Password-1\",\"new_password\":\"Users-Password-1\"}", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("{\"old_password\":\"Users-Password-1\"}", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("{\"old_password\":\"Users-Password-1\",\"new_password\":12345678}", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("{\"old_password\":", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    public async Task Own_password_change_refusals_keep_the_old_password(string json, HttpStatusCode status, string code)
    {
        var (id, name) = await NewUserAsync();
        using var client = factory.Client(name, HarborUsers.Password);
        var before = await HarborUsers.StoredAsync(factory, name);

        using var response = await PutRawAsync(client, $"/api/v2.0/users/{id}/password", json);

        await OciAssert.ErrorAsync(response, status, code);
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));
        Assert.Equal(before, await HarborUsers.StoredAsync(factory, name));
    }

    [Fact]
    public async Task Identical_password_is_refused_with_harbors_message()
    {
        var (id, name) = await NewUserAsync();
        using var client = factory.Client(name, HarborUsers.Password);

        using var response = await PutAsync(client, $"/api/v2.0/users/{id}/password", new { old_password = HarborUsers.Password, new_password = HarborUsers.Password });

        Assert.Equal("New password is identical to old password", await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST"));
    }

    [Fact]
    public async Task Admin_resets_another_users_password_without_the_old_one()
    {
        var (id, name) = await NewUserAsync();
        using var admin = factory.Admin();
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));

        using var response = await PutAsync(admin, $"/api/v2.0/users/{id}/password", new { new_password = NewPassword, old_password = "ignored" });

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, NewPassword));
    }

    [Fact]
    public async Task Password_of_another_user_as_non_admin_is_403_and_unknown_user_404()
    {
        var (id, name) = await NewUserAsync();
        var (_, otherName) = await NewUserAsync();
        using var other = factory.Client(otherName, HarborUsers.Password);
        using var admin = factory.Admin();

        using var foreign = await PutAsync(other, $"/api/v2.0/users/{id}/password", new { new_password = NewPassword });
        using var unknown = await PutAsync(admin, "/api/v2.0/users/999999/password", new { new_password = NewPassword });

        await OciAssert.ErrorAsync(foreign, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));
    }

    [Fact]
    public async Task Sysadmin_flag_grants_and_revokes_admin_rights_at_once()
    {
        var (id, name) = await NewUserAsync();
        using var admin = factory.Admin();
        using var user = factory.Client(name, HarborUsers.Password);
        using (var before = await user.GetAsync("/api/v2.0/users"))
        {
            await OciAssert.ErrorAsync(before, HttpStatusCode.Forbidden, "FORBIDDEN");
        }

        using (var promote = await PutAsync(admin, $"/api/v2.0/users/{id}/sysadmin", new { sysadmin_flag = true }))
        {
            OciAssert.Status(promote, HttpStatusCode.OK);
        }

        using (var asAdmin = await user.GetAsync("/api/v2.0/users"))
        {
            OciAssert.Status(asAdmin, HttpStatusCode.OK);
        }

        Assert.True((await HarborUsers.GetAsync(admin, id))["sysadmin_flag"]!.GetValue<bool>());
        using (var demote = await PutAsync(admin, $"/api/v2.0/users/{id}/sysadmin", new { sysadmin_flag = false }))
        {
            OciAssert.Status(demote, HttpStatusCode.OK);
        }

        using var after = await user.GetAsync("/api/v2.0/users");
        await OciAssert.ErrorAsync(after, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Sysadmin_flag_of_yourself_is_403_so_the_last_admin_stays_admin()
    {
        using var admin = factory.Admin();

        using var response = await PutAsync(admin, "/api/v2.0/users/1/sysadmin", new { sysadmin_flag = false });

        await OciAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.True((await HarborUsers.GetAsync(admin, 1))["sysadmin_flag"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"sysadmin_flag\":\"true\"}")]
    [InlineData("{\"sysadmin_flag\":1}")]
    [InlineData("not json")]
    public async Task Sysadmin_flag_with_missing_or_mistyped_value_is_400_and_changes_nothing(string json)
    {
        var (id, name) = await NewUserAsync();
        using var admin = factory.Admin();

        using var response = await PutRawAsync(admin, $"/api/v2.0/users/{id}/sysadmin", json);

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.False((await HarborUsers.StoredAsync(factory, name))!.IsAdmin);
    }

    [Fact]
    public async Task Sysadmin_flag_needs_an_admin_and_an_existing_user()
    {
        var (id, name) = await NewUserAsync();
        using var user = factory.Client(name, HarborUsers.Password);
        using var anonymous = factory.Anonymous();
        using var admin = factory.Admin();

        using var self = await PutAsync(user, $"/api/v2.0/users/{id}/sysadmin", new { sysadmin_flag = true });
        using var noCredentials = await PutAsync(anonymous, $"/api/v2.0/users/{id}/sysadmin", new { sysadmin_flag = true });
        using var unknown = await PutAsync(admin, "/api/v2.0/users/999999/sysadmin", new { sysadmin_flag = true });

        await OciAssert.ErrorAsync(self, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(noCredentials, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.False((await HarborUsers.StoredAsync(factory, name))!.IsAdmin);
    }

    [Fact]
    public async Task Delete_removes_the_user_at_once_and_frees_the_name_and_email()
    {
        var (id, name) = await NewUserAsync();
        using var admin = factory.Admin();
        Assert.Equal(HttpStatusCode.OK, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));

        using var response = await admin.DeleteAsync($"/api/v2.0/users/{id}");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, await HarborUsers.CurrentStatusAsync(factory, name, HarborUsers.Password));
        using (var gone = await admin.GetAsync($"/api/v2.0/users/{id}"))
        {
            await OciAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "NOT_FOUND");
        }

        var again = await HarborUsers.CreateAsync(admin, name);
        Assert.NotEqual(id, again);
        using var stale = await admin.GetAsync($"/api/v2.0/users/{id}");
        await OciAssert.ErrorAsync(stale, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_of_yourself_or_the_built_in_admin_is_403()
    {
        var (id, name) = await NewUserAsync();
        using var admin = factory.Admin();
        using (var promote = await PutAsync(admin, $"/api/v2.0/users/{id}/sysadmin", new { sysadmin_flag = true }))
        {
            OciAssert.Status(promote, HttpStatusCode.OK);
        }

        using var second = factory.Client(name, HarborUsers.Password);
        using var self = await second.DeleteAsync($"/api/v2.0/users/{id}");
        using var builtIn = await second.DeleteAsync("/api/v2.0/users/1");
        using var selfAdmin = await admin.DeleteAsync("/api/v2.0/users/1");

        await OciAssert.ErrorAsync(self, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(builtIn, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(selfAdmin, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.NotNull(await HarborUsers.StoredAsync(factory, name));
        Assert.NotNull(await HarborUsers.StoredAsync(factory, "admin"));
    }

    [Fact]
    public async Task Delete_needs_an_admin_and_an_existing_user()
    {
        var (id, name) = await NewUserAsync();
        var (_, otherName) = await NewUserAsync();
        using var other = factory.Client(otherName, HarborUsers.Password);
        using var anonymous = factory.Anonymous();
        using var admin = factory.Admin();

        using var notAdmin = await other.DeleteAsync($"/api/v2.0/users/{id}");
        using var noCredentials = await anonymous.DeleteAsync($"/api/v2.0/users/{id}");
        using var unknown = await admin.DeleteAsync("/api/v2.0/users/999999");

        await OciAssert.ErrorAsync(notAdmin, HttpStatusCode.Forbidden, "FORBIDDEN");
        await OciAssert.ErrorAsync(noCredentials, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.NotNull(await HarborUsers.StoredAsync(factory, name));
    }
}
