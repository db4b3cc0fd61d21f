using System.Net;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>GET /api/v2.0/users (admins: q, sort, paging) and /users/search (any signed-in user).</summary>
public sealed class HarborUserListTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    /// <summary>Three users sharing a fresh prefix, created in the order b, a, c.</summary>
    private async Task<(string Prefix, string[] Names)> SeedAsync()
    {
        using var admin = factory.Admin();
        var prefix = "ls" + Guid.NewGuid().ToString("N")[..8];
        string[] names = [prefix + "b", prefix + "a", prefix + "c"];
        foreach (var name in names)
        {
            await HarborUsers.CreateAsync(admin, name);
        }

        return (prefix, names);
    }

    private static async Task<List<string>> UsernamesAsync(HttpResponseMessage response)
    {
        OciAssert.Status(response, HttpStatusCode.OK);
        return (await RegistryClient.JsonAsync(response)).AsArray().Select(u => u!["username"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task List_with_fuzzy_q_pages_in_username_order_with_total_and_link()
    {
        var (prefix, _) = await SeedAsync();
        using var admin = factory.Admin();

        using var first = await admin.GetAsync($"/api/v2.0/users?q=username%3D~{prefix}&page_size=2");
        using var second = await admin.GetAsync($"/api/v2.0/users?q=username%3D~{prefix}&page=2&page_size=2");

        Assert.Equal([prefix + "a", prefix + "b"], await UsernamesAsync(first));
        Assert.Equal([prefix + "c"], await UsernamesAsync(second));
        Assert.Equal("3", OciAssert.Header(first, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(first, "Link"), StringComparison.Ordinal);
        Assert.Contains("page=2&page_size=2", OciAssert.Header(first, "Link"), StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\"", OciAssert.Header(second, "Link"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_entries_are_full_user_resp_objects()
    {
        var (_, names) = await SeedAsync();
        using var admin = factory.Admin();

        using var response = await admin.GetAsync($"/api/v2.0/users?q=username%3D{names[0]}");

        var user = Assert.Single((await RegistryClient.JsonAsync(response)).AsArray())!;
        Assert.Equal($"{names[0]}@example.com", user["email"]!.GetValue<string>());
        Assert.Equal("Real " + names[0], user["realname"]!.GetValue<string>());
        Assert.False(user["sysadmin_flag"]!.GetValue<bool>());
        Assert.True(user["user_id"]!.GetValue<long>() > 1);
        Assert.Null(user["password"]);
    }

    [Fact]
    public async Task List_sorts_and_takes_username_and_email_parameters()
    {
        var (prefix, names) = await SeedAsync();
        using var admin = factory.Admin();

        using var byIdDesc = await admin.GetAsync($"/api/v2.0/users?q=username%3D~{prefix}&sort=-user_id");
        using var byCreation = await admin.GetAsync($"/api/v2.0/users?username={prefix}&sort=creation_time");
        using var byEmail = await admin.GetAsync($"/api/v2.0/users?email={names[2]}%40example");

        Assert.Equal([prefix + "c", prefix + "a", prefix + "b"], await UsernamesAsync(byIdDesc));
        Assert.Equal(names, await UsernamesAsync(byCreation));
        Assert.Equal([names[2]], await UsernamesAsync(byEmail));
    }

    [Fact]
    public async Task List_leaves_out_the_built_in_admin_unless_asked_by_id()
    {
        using var admin = factory.Admin();

        using var all = await admin.GetAsync("/api/v2.0/users?q=username%3Dadmin");
        using var byId = await admin.GetAsync("/api/v2.0/users?q=user_id%3D1");

        Assert.Empty(await UsernamesAsync(all));
        Assert.Equal("0", OciAssert.Header(all, "X-Total-Count"));
        Assert.Equal(["admin"], await UsernamesAsync(byId));
    }

    [Theory]
    [InlineData("?q=username")]
    [InlineData("?q=user_id%3D~1")]
    [InlineData("?q=sysadmin_flag%3Dmaybe")]
    [InlineData("?page_size=101")]
    [InlineData("?page=0")]
    public async Task List_with_bad_query_is_400(string query)
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync("/api/v2.0/users" + query);

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task List_needs_a_system_admin()
    {
        using var anonymous = factory.Anonymous();
        using var user = await factory.NewUserAsync();

        using var noCredentials = await anonymous.GetAsync("/api/v2.0/users");
        using var notAdmin = await user.GetAsync("/api/v2.0/users");

        await OciAssert.ErrorAsync(noCredentials, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(notAdmin, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Search_is_open_to_any_signed_in_user_and_shows_only_id_and_name()
    {
        var (prefix, _) = await SeedAsync();
        using var user = await factory.NewUserAsync();

        using var response = await user.GetAsync($"/api/v2.0/users/search?username={prefix}&page_size=2");

        OciAssert.Status(response, HttpStatusCode.OK);
        var items = (await RegistryClient.JsonAsync(response)).AsArray();
        Assert.Equal([prefix + "a", prefix + "b"], items.Select(i => i!["username"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal(["user_id", "username"], i!.AsObject().Select(p => p.Key).Order()));
        Assert.Equal("3", OciAssert.Header(response, "X-Total-Count"));
        Assert.Contains("rel=\"next\"", OciAssert.Header(response, "Link"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_lists_closest_matches_first_as_harbor_does()
    {
        using var admin = factory.Admin();
        var stem = "sr" + Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { stem + "-longest", stem + "-b", stem, stem + "-a" })
        {
            await HarborUsers.CreateAsync(admin, name);
        }

        using var response = await admin.GetAsync($"/api/v2.0/users/search?username={stem}");

        OciAssert.Status(response, HttpStatusCode.OK);
        var names = (await RegistryClient.JsonAsync(response)).AsArray().Select(i => i!["username"]!.GetValue<string>());
        Assert.Equal([stem, stem + "-a", stem + "-b", stem + "-longest"], names);
    }

    [Fact]
    public async Task Search_with_no_match_is_an_empty_array()
    {
        using var user = await factory.NewUserAsync();

        using var response = await user.GetAsync("/api/v2.0/users/search?username=no-such-" + Guid.NewGuid().ToString("N"));

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Empty((await RegistryClient.JsonAsync(response)).AsArray());
        Assert.Equal("0", OciAssert.Header(response, "X-Total-Count"));
    }

    [Fact]
    public async Task Search_refuses_anonymous_and_a_missing_username()
    {
        using var anonymous = factory.Anonymous();
        using var user = await factory.NewUserAsync();

        using var noCredentials = await anonymous.GetAsync("/api/v2.0/users/search?username=a");
        using var noUsername = await user.GetAsync("/api/v2.0/users/search");

        await OciAssert.ErrorAsync(noCredentials, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(noUsername, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }
}
