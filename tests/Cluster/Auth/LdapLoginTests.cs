using System.Net;
using System.Text;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Cluster.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Cluster.Auth;

/// <summary>
/// LDAP auth mode against a real slapd: directory users sign in with Basic on <c>/v2</c>, <c>/api/v2.0</c> and
/// <c>/service/token</c>, are onboarded on first sign-in, carry their groups, become admins through the admin
/// group, and are refused (and throttled) on wrong passwords, unknown names and injection attempts.
/// </summary>
public sealed class LdapLoginTests(LdapRegistry registry) : IClassFixture<LdapRegistry>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LdapGatewayFactory Gateway => registry.Gateway;

    private IUserMetadata Users => Gateway.Services.GetRequiredService<IUserMetadata>();

    private async Task<RegistryCaller> AuthenticateAsync(string username, string password)
    {
        var context = new DefaultHttpContext { RequestServices = Gateway.Services };
        context.Request.Path = "/v2/";
        context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        return await Gateway.Services.GetRequiredService<RegistryAuthenticator>().AuthenticateAsync(context);
    }

    [Fact]
    public async Task V2_basic_login_with_the_directory_password_succeeds()
    {
        using var alice = Gateway.User("alice");

        using var response = await alice.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);

        await LdapAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task First_login_onboards_the_user_without_a_usable_local_password()
    {
        Assert.Null(await Users.GetUserAsync("grace", Ct));
        using var grace = Gateway.User("grace");

        using var response = await grace.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);

        await LdapAssert.JsonAsync(response, HttpStatusCode.OK);
        var row = await Users.GetUserAsync("grace", Ct);
        Assert.NotNull(row);
        Assert.False(row.IsAdmin);
        Assert.False(PasswordHasher.Verify(SlapdServer.PasswordOf("grace"), row.PasswordHash));
        var grain = Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>("grace");
        Assert.Null(await grain.VerifyPasswordAsync(SlapdServer.PasswordOf("grace")));
    }

    [Fact]
    public async Task Harbor_api_login_acts_as_the_directory_user()
    {
        using var alice = Gateway.User("alice");
        var name = "ldap-" + Guid.NewGuid().ToString("N")[..10];

        using var created = await alice.PostAsync(
            new Uri("/api/v2.0/projects", UriKind.Relative),
            new StringContent($$"""{"project_name":"{{name}}"}""", Encoding.UTF8, "application/json"), Ct);
        await LdapAssert.JsonAsync(created, HttpStatusCode.Created);
        using var read = await alice.GetAsync(new Uri($"/api/v2.0/projects/{name}", UriKind.Relative), Ct);

        var project = await LdapAssert.JsonAsync(read, HttpStatusCode.OK);
        Assert.Equal("alice", project["owner_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_endpoint_issues_tokens_to_directory_users_and_admin_group_members_get_push()
    {
        using var alice = Gateway.User("alice");
        using var bob = Gateway.User("bob");
        const string path = "/service/token?service=artifactkeeper&scope=repository:library/ldap-x:pull,push";

        using var aliceToken = await alice.GetAsync(new Uri(path, UriKind.Relative), Ct);
        using var bobToken = await bob.GetAsync(new Uri(path, UriKind.Relative), Ct);

        var aliceJson = await LdapAssert.JsonAsync(aliceToken, HttpStatusCode.OK);
        var bobJson = await LdapAssert.JsonAsync(bobToken, HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(aliceJson["token"]!.GetValue<string>()));
        Assert.DoesNotContain("push", aliceJson["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("push", bobJson["scope"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_endpoint_gives_directory_users_no_refresh_token_as_harbor()
    {
        using var heidi = Gateway.User("heidi");
        using var anonymous = Gateway.Anonymous();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["service"] = "artifactkeeper", ["client_id"] = "containerd", ["access_type"] = "offline",
            ["username"] = "heidi", ["password"] = SlapdServer.PasswordOf("heidi"),
        });

        using var get = await heidi.GetAsync(new Uri("/service/token?service=artifactkeeper&offline_token=true&client_id=docker", UriKind.Relative), Ct);
        using var post = await anonymous.PostAsync(new Uri("/service/token", UriKind.Relative), form, Ct);

        var getJson = await LdapAssert.JsonAsync(get, HttpStatusCode.OK);
        var postJson = await LdapAssert.JsonAsync(post, HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(getJson["token"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(postJson["access_token"]!.GetValue<string>()));
        Assert.Null(getJson["refresh_token"]);
        Assert.Null(postJson["refresh_token"]);
    }

    [Fact]
    public async Task Token_endpoint_local_admin_still_gets_a_refresh_token()
    {
        using var admin = Gateway.Admin();

        using var response = await admin.GetAsync(new Uri("/service/token?service=artifactkeeper&offline_token=true&client_id=docker", UriKind.Relative), Ct);

        var json = await LdapAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(json["refresh_token"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Refresh_token_minted_before_the_switch_to_ldap_is_refused_for_a_directory_user()
    {
        var grain = Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>("carol");
        var carol = await grain.OnboardExternalAsync();
        var refresh = await Gateway.Services.GetRequiredService<RegistryTokenService>()
            .IssueRefreshAsync(carol, (await grain.GetCredentialStampAsync())!, "docker", Ct);
        using var anonymous = Gateway.Anonymous();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["service"] = "artifactkeeper", ["client_id"] = "docker", ["refresh_token"] = refresh,
        });

        using var response = await anonymous.PostAsync(new Uri("/service/token", UriKind.Relative), form, Ct);

        var json = await LdapAssert.JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_endpoint_wrong_password_is_401()
    {
        using var alice = Gateway.Client("alice", "not-her-password");

        using var response = await alice.GetAsync(new Uri("/service/token?service=artifactkeeper", UriKind.Relative), Ct);

        await LdapAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Admin_group_member_is_sysadmin_and_others_are_not()
    {
        var bob = await AuthenticateAsync("bob", SlapdServer.PasswordOf("bob"));
        var alice = await AuthenticateAsync("alice", SlapdServer.PasswordOf("alice"));

        Assert.True(bob.IsAdmin);
        Assert.False(alice.IsAdmin);
        // Harbor's AdminRoleInAuth: granted per sign-in, not written to the local user.
        Assert.False((await Users.GetUserAsync("bob", Ct))!.IsAdmin);
    }

    [Fact]
    public async Task Groups_from_memberOf_and_from_a_group_search_are_on_the_caller()
    {
        var bob = await AuthenticateAsync("bob", SlapdServer.PasswordOf("bob"));
        var carol = await AuthenticateAsync("carol", SlapdServer.PasswordOf("carol"));
        var dave = await AuthenticateAsync("dave", SlapdServer.PasswordOf("dave"));

        Assert.Equal(CallerKind.User, bob.Kind);
        Assert.Equal(
            new[] { SlapdServer.AdminsDn, SlapdServer.DevsDn }.Order(StringComparer.OrdinalIgnoreCase),
            bob.Groups.Select(g => g.Key).Order(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);
        Assert.All(bob.Groups, g => Assert.Equal(UserGroupType.Ldap, g.Type));
        Assert.Equal([new UserGroupRef(UserGroupType.Ldap, SlapdServer.OpsDn)], carol.Groups);
        Assert.Empty(dave.Groups);
    }

    [Fact]
    public async Task Wrong_password_is_401_then_429_after_repeated_failures_even_with_the_right_one()
    {
        using var wrong = Gateway.Client("frank", "not-franks-password");
        for (var i = 0; i < LdapGatewayFactory.MaxFailuresPerUser; i++)
        {
            using var failed = await wrong.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);
            await LdapAssert.ErrorAsync(failed, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using var right = Gateway.User("frank");
        using var locked = await right.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);

        await LdapAssert.ErrorAsync(locked, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
        Assert.True(locked.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task Unknown_user_and_empty_password_are_401()
    {
        using var ghost = Gateway.Client("ghost-" + Guid.NewGuid().ToString("N")[..8], "whatever-1");
        using var empty = Gateway.Client("alice", string.Empty);

        using var ghostResponse = await ghost.GetAsync(new Uri("/api/v2.0/projects", UriKind.Relative), Ct);
        using var emptyResponse = await empty.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);

        await LdapAssert.ErrorAsync(ghostResponse, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await LdapAssert.ErrorAsync(emptyResponse, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData("ali*")]
    [InlineData("*")]
    [InlineData("alice)(uid=*")]
    [InlineData("*)(objectClass=*")]
    public async Task Injection_in_the_username_does_not_match_another_user(string username)
    {
        using var attacker = Gateway.Client(username, SlapdServer.PasswordOf("alice"));

        using var response = await attacker.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);

        await LdapAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Null(await Users.GetUserAsync(username, Ct));
    }

    [Fact]
    public async Task Local_admin_signs_in_against_the_database_never_the_directory()
    {
        using var local = Gateway.Admin();
        using var directoryAdmin = Gateway.User("admin");

        using var localResponse = await local.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);
        using var directoryResponse = await directoryAdmin.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);

        await LdapAssert.JsonAsync(localResponse, HttpStatusCode.OK);
        await LdapAssert.ErrorAsync(directoryResponse, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task No_password_reaches_the_logs()
    {
        using var alice = Gateway.User("alice");
        using var wrong = Gateway.Client("erin", "Typo-Secret-9");
        using var ok = await alice.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);
        using var failed = await wrong.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);

        Assert.Contains(Gateway.Logs.Events, e => e.EventName == "LoginFailed" && e.Properties.GetValueOrDefault("Username") == "erin");
        Assert.DoesNotContain(Gateway.Logs.Events, e => e.Message.Contains("Typo-Secret-9", StringComparison.Ordinal)
            || e.Message.Contains(SlapdServer.PasswordOf("alice"), StringComparison.Ordinal)
            || e.Message.Contains(SlapdServer.SearchPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task First_sign_in_stores_the_directory_email_and_real_name_in_the_user_profile()
    {
        using var ivan = Gateway.User("ivan");

        using var response = await ivan.GetAsync(new Uri("/api/v2.0/users/current", UriKind.Relative), Ct);

        var json = await LdapAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("ivan", json["username"]!.GetValue<string>());
        Assert.Equal("ivan@example.org", json["email"]!.GetValue<string>());
        Assert.Equal("Ivan Drago", json["realname"]!.GetValue<string>());
        using var admin = Gateway.Admin();
        using var listed = await admin.GetAsync(new Uri("/api/v2.0/users?q=username%3Divan", UriKind.Relative), Ct);
        var row = Assert.Single((await LdapAssert.JsonAsync(listed, HttpStatusCode.OK)).AsArray())!;
        Assert.Equal("ivan@example.org", row["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Admin_group_member_sees_admin_role_in_auth_while_its_stored_flag_stays_off()
    {
        using var bob = Gateway.User("bob");

        using var response = await bob.GetAsync(new Uri("/api/v2.0/users/current", UriKind.Relative), Ct);

        var json = await LdapAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.True(json["admin_role_in_auth"]!.GetValue<bool>());
        Assert.False(json["sysadmin_flag"]!.GetValue<bool>());
        Assert.Null(json["oidc_user_meta"]);
    }
}
