using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Cluster.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Cluster.Auth;

/// <summary>
/// Harbor's LDAP API against a real slapd: ping, user search and import, group search; system administrators
/// only (the local admin or a member of the admin group), bad input answered with 400 and no change.
/// </summary>
public sealed class LdapApiTests(LdapRegistry registry) : IClassFixture<LdapRegistry>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LdapGatewayFactory Gateway => registry.Gateway;

    private IUserMetadata Users => Gateway.Services.GetRequiredService<IUserMetadata>();

    private static Uri Path(string path) => new(path, UriKind.Relative);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Ping_without_body_pings_the_configured_server()
    {
        using var admin = Gateway.Admin();

        using var response = await admin.PostAsync(Path("/api/v2.0/ldap/ping"), null, Ct);

        var json = await LdapAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.True(json["success"]!.GetValue<bool>(), json.ToJsonString());
    }

    [Fact]
    public async Task Ping_with_harbor_body_reports_a_dead_server_and_a_wrong_password_as_failures()
    {
        using var admin = Gateway.Admin();
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        using var dead = await admin.PostAsync(Path("/api/v2.0/ldap/ping"), Json($$"""
            {"ldap_url":"ldap://127.0.0.1:{{closedPort}}","ldap_search_dn":"{{SlapdServer.SearchDn}}","ldap_search_password":"x","ldap_connection_timeout":2}
            """), Ct);
        using var wrongPassword = await admin.PostAsync(Path("/api/v2.0/ldap/ping"), Json($$"""
            {"ldap_url":"{{registry.Slapd.Url}}","ldap_search_dn":"{{SlapdServer.SearchDn}}","ldap_search_password":"wrong","ldap_scope":2}
            """), Ct);
        using var good = await admin.PostAsync(Path("/api/v2.0/ldap/ping"), Json($$"""
            {"ldap_url":"{{registry.Slapd.Url}}","ldap_search_dn":"{{SlapdServer.SearchDn}}"}
            """), Ct);

        var deadJson = await LdapAssert.JsonAsync(dead, HttpStatusCode.OK);
        Assert.False(deadJson["success"]!.GetValue<bool>());
        Assert.StartsWith("error:", deadJson["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var wrongJson = await LdapAssert.JsonAsync(wrongPassword, HttpStatusCode.OK);
        Assert.False(wrongJson["success"]!.GetValue<bool>());
        Assert.Equal("error: invalid credential", wrongJson["message"]!.GetValue<string>());
        // Same server as configured, no password in the body: the configured search password is used.
        Assert.True((await LdapAssert.JsonAsync(good, HttpStatusCode.OK))["success"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{\"ldap_url\":")]
    [InlineData("{\"ldap_scope\":\"subtree\"}")]
    [InlineData("{\"ldap_verify_cert\":\"yes\"}")]
    [InlineData("{\"ldap_scope\":5}")]
    [InlineData("[1]")]
    public async Task Ping_with_malformed_or_mistyped_body_is_400(string body)
    {
        using var admin = Gateway.Admin();

        using var response = await admin.PostAsync(Path("/api/v2.0/ldap/ping"), Json(body), Ct);

        await LdapAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Theory]
    [InlineData("POST", "/api/v2.0/ldap/ping")]
    [InlineData("GET", "/api/v2.0/ldap/users/search?username=alice")]
    [InlineData("POST", "/api/v2.0/ldap/users/import")]
    [InlineData("GET", "/api/v2.0/ldap/groups/search?groupname=devs")]
    public async Task Every_endpoint_is_401_anonymously_and_403_for_a_non_admin(string method, string path)
    {
        using var anonymous = Gateway.Anonymous();
        using var alice = Gateway.User("alice");
        HttpRequestMessage Request() => new(new HttpMethod(method), Path(path)) { Content = method == "POST" ? Json("""{"ldap_uid_list":["erin"]}""") : null };

        using var unauthenticated = await anonymous.SendAsync(Request(), Ct);
        using var forbidden = await alice.SendAsync(Request(), Ct);

        await LdapAssert.ErrorAsync(unauthenticated, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await LdapAssert.ErrorAsync(forbidden, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Null(await Users.GetUserAsync("erin", Ct));
    }

    [Fact]
    public async Task Admin_group_member_may_use_the_api()
    {
        using var bob = Gateway.User("bob");

        using var response = await bob.GetAsync(Path("/api/v2.0/ldap/users/search?username=alice"), Ct);

        await LdapAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Users_search_returns_harbor_ldap_users()
    {
        using var admin = Gateway.Admin();

        using var one = await admin.GetAsync(Path("/api/v2.0/ldap/users/search?username=alice"), Ct);
        using var all = await admin.GetAsync(Path("/api/v2.0/ldap/users/search"), Ct);
        using var none = await admin.GetAsync(Path("/api/v2.0/ldap/users/search?username=nobody"), Ct);
        using var wildcard = await admin.GetAsync(Path("/api/v2.0/ldap/users/search?username=ali*"), Ct);

        var alice = Assert.Single((await LdapAssert.JsonAsync(one, HttpStatusCode.OK)).AsArray())!;
        Assert.Equal("alice", alice["username"]!.GetValue<string>());
        Assert.Equal("Alice Liddell", alice["realname"]!.GetValue<string>());
        Assert.Equal("alice@example.org", alice["email"]!.GetValue<string>());
        var names = (await LdapAssert.JsonAsync(all, HttpStatusCode.OK)).AsArray().Select(u => u!["username"]!.GetValue<string>()).ToList();
        Assert.Contains("bob", names);
        Assert.Contains("carol", names);
        Assert.Empty((await LdapAssert.JsonAsync(none, HttpStatusCode.OK)).AsArray());
        Assert.Empty((await LdapAssert.JsonAsync(wildcard, HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Users_import_onboards_the_found_and_answers_404_with_the_failures()
    {
        using var admin = Gateway.Admin();

        using var response = await admin.PostAsync(Path("/api/v2.0/ldap/users/import"), Json("""{"ldap_uid_list":["dave","nobody",""]}"""), Ct);

        var failures = (await LdapAssert.JsonAsync(response, HttpStatusCode.NotFound)).AsArray();
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f!["uid"]!.GetValue<string>() == "nobody" && f["error"]!.GetValue<string>() == "unknown_user");
        Assert.Contains(failures, f => f!["uid"]!.GetValue<string>() == string.Empty && f["error"]!.GetValue<string>() == "empty_uid");
        Assert.NotNull(await Users.GetUserAsync("dave", Ct));
        Assert.Null(await Users.GetUserAsync("nobody", Ct));
    }

    [Fact]
    public async Task Users_import_of_found_users_only_is_200()
    {
        using var admin = Gateway.Admin();

        using var response = await admin.PostAsync(Path("/api/v2.0/ldap/users/import"), Json("""{"ldap_uid_list":["frank"]}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await Users.GetUserAsync("frank", Ct));
    }

    [Theory]
    [InlineData("""{"ldap_uid_list":"erin"}""")]
    [InlineData("""{"ldap_uid_list":["erin",1]}""")]
    [InlineData("""{"ldap_uid_list":["erin" """)]
    [InlineData("""{}""")]
    [InlineData("")]
    public async Task Users_import_with_bad_body_is_400_and_imports_nobody(string body)
    {
        using var admin = Gateway.Admin();

        using var response = await admin.PostAsync(Path("/api/v2.0/ldap/users/import"), Json(body), Ct);

        await LdapAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Null(await Users.GetUserAsync("erin", Ct));
    }

    [Fact]
    public async Task Groups_search_by_name_and_by_dn_returns_harbor_user_groups()
    {
        using var admin = Gateway.Admin();

        using var byName = await admin.GetAsync(Path("/api/v2.0/ldap/groups/search?groupname=devs"), Ct);
        using var byDn = await admin.GetAsync(Path("/api/v2.0/ldap/groups/search?groupdn=" + Uri.EscapeDataString(SlapdServer.AdminsDn)), Ct);

        var devs = Assert.Single((await LdapAssert.JsonAsync(byName, HttpStatusCode.OK)).AsArray())!;
        Assert.Equal("devs", devs["group_name"]!.GetValue<string>());
        Assert.Equal(1, devs["group_type"]!.GetValue<int>());
        Assert.Equal(SlapdServer.DevsDn, devs["ldap_group_dn"]!.GetValue<string>());
        var admins = Assert.Single((await LdapAssert.JsonAsync(byDn, HttpStatusCode.OK)).AsArray())!;
        Assert.Equal("admins", admins["group_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("groupname=nope")]
    [InlineData("groupname=*")]
    [InlineData("groupdn=cn%3Dx%2Cdc%3Dother%2Cdc%3Dorg")]
    [InlineData("")]
    public async Task Groups_search_with_no_match_is_404(string query)
    {
        using var admin = Gateway.Admin();

        using var response = await admin.GetAsync(Path("/api/v2.0/ldap/groups/search?" + query), Ct);

        await LdapAssert.ErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Groups_search_with_malformed_dn_is_400()
    {
        using var admin = Gateway.Admin();

        using var response = await admin.GetAsync(Path("/api/v2.0/ldap/groups/search?groupdn=not-a-dn"), Ct);

        await LdapAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Responses_never_carry_the_search_password()
    {
        using var admin = Gateway.Admin();

        using var ping = await admin.PostAsync(Path("/api/v2.0/ldap/ping"), null, Ct);
        using var users = await admin.GetAsync(Path("/api/v2.0/ldap/users/search"), Ct);

        Assert.DoesNotContain(SlapdServer.SearchPassword, await ping.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(SlapdServer.SearchPassword, await users.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        _ = JsonNode.Parse(await users.Content.ReadAsStringAsync(Ct));
    }
}
