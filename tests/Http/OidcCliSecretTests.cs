using System.Net;
using System.Text;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's CLI secret: OIDC users log in to <c>/v2</c> and <c>/service/token</c> with username + CLI secret (throttled
/// like passwords), and set it with <c>PUT /api/v2.0/users/{id}/cli_secret</c>; local users other than admin cannot
/// sign in with passwords in OIDC mode.
/// </summary>
public sealed class OidcCliSecretTests(OidcRegistryFactory factory) : IClassFixture<OidcRegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private OidcUsers Users => factory.Services.GetRequiredService<OidcUsers>();

    /// <summary>Onboards a new OIDC user through its ID token; returns its id, name and a client carrying the token.</summary>
    private async Task<(long Id, string Username, RegistryClient Client)> OnboardAsync(params string[] groups)
    {
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        var username = "cli" + Guid.NewGuid().ToString("N")[..10];
        var client = factory.Bearer(factory.IdToken(subject, username, groups));
        using var probe = await HarborProjects.CreateAsync(client, new { project_name = HarborProjects.NewName(), metadata = new { @public = "false" } });
        OciAssert.Status(probe, HttpStatusCode.Created);
        var user = await factory.Services.GetRequiredService<IOidcUserMetadata>().FindOidcUserAsync(factory.Provider.Issuer, subject, Ct);
        return (user!.UserId, username, client);
    }

    private static Task<HttpResponseMessage> PutSecretAsync(RegistryClient client, long userId, string body) =>
        client.SendAsync(HttpMethod.Put, $"/api/v2.0/users/{userId}/cli_secret", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task SetSecretAsync(RegistryClient client, long userId, string secret)
    {
        using var response = await PutSecretAsync(client, userId, $$"""{"secret":"{{secret}}"}""");
        OciAssert.Status(response, HttpStatusCode.OK);
    }

    private async Task<HttpStatusCode> V2StatusAsync(string username, string secret, string? address = null)
    {
        using var client = factory.Client(username, secret, address ?? NewAddress());
        using var response = await client.GetAsync("/v2/");
        return response.StatusCode;
    }

    [Fact]
    public async Task Cli_secret_logs_in_on_v2_and_the_token_service()
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-1");
        using var cli = factory.Client(username, "Cli-Secret-1", NewAddress());

        using var v2 = await cli.GetAsync("/v2/");
        using var token = await cli.GetAsync("/service/token?service=artifactkeeper&scope=repository:library/app:pull");

        OciAssert.Status(v2, HttpStatusCode.OK);
        OciAssert.Status(token, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Cli_secret_works_with_the_oauth2_password_grant()
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-1");
        using var anonymous = factory.Anonymous();

        async Task<HttpResponseMessage> GrantAsync(string secret) => await anonymous.SendAsync(
            HttpMethod.Post,
            "/service/token",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["service"] = "artifactkeeper", ["client_id"] = "tests",
                ["username"] = username, ["password"] = secret, ["scope"] = "repository:library/app:pull",
            }));

        using var granted = await GrantAsync("Cli-Secret-1");
        using var refused = await GrantAsync("Cli-Secret-2");

        OciAssert.Status(granted, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", (await RegistryClient.JsonAsync(refused))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_cli_secret_is_401_and_repeated_failures_are_throttled_even_for_the_right_one()
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-1");
        var address = NewAddress();

        for (var i = 0; i < OidcRegistryFactory.MaxFailuresPerUser; i++)
        {
            using var wrong = factory.Client(username, "Cli-Secret-2", address);
            using var response = await wrong.GetAsync("/service/token?service=artifactkeeper");
            await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using var right = factory.Client(username, "Cli-Secret-1", NewAddress());
        using var locked = await right.GetAsync("/v2/");
        await OciAssert.ErrorAsync(locked, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
    }

    [Fact]
    public async Task New_secret_ends_the_old_one_at_once()
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-1");
        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync(username, "Cli-Secret-1"));

        await SetSecretAsync(self, id, "Cli-Secret-2");

        Assert.Equal(HttpStatusCode.Unauthorized, await V2StatusAsync(username, "Cli-Secret-1"));
        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync(username, "Cli-Secret-2"));
    }

    [Theory]
    [InlineData("""{"secret":"short1A"}""")]
    [InlineData("""{"secret":"alllowercase1"}""")]
    [InlineData("""{"secret":"NoDigitsHere"}""")]
    [InlineData("""{"secret":5}""")]
    [InlineData("""{"secret":"Cli-Secret-9""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public async Task Bad_secret_or_body_is_400_and_keeps_the_old_secret(string body)
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-1");

        using var response = await PutSecretAsync(self, id, body);

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync(username, "Cli-Secret-1"));
    }

    [Fact]
    public async Task Cli_secret_does_not_sign_in_to_account_management()
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-1");
        using var cli = factory.Client(username, "Cli-Secret-1", NewAddress());

        using var response = await PutSecretAsync(cli, id, """{"secret":"Cli-Secret-2"}""");

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync(username, "Cli-Secret-1"));
    }

    [Fact]
    public async Task Empty_secret_asks_for_a_random_one()
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-1");

        using var response = await PutSecretAsync(self, id, """{"secret":""}""");

        OciAssert.Status(response, HttpStatusCode.OK);
        var generated = await Users.GetCliSecretAsync(id, Ct);
        Assert.True(HarborSecretRule.IsValid(generated));
        Assert.NotEqual("Cli-Secret-1", generated);
        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync(username, generated!));
    }

    [Fact]
    public async Task Onboarding_generates_a_working_secret()
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;

        var generated = await Users.GetCliSecretAsync(id, Ct);

        Assert.True(HarborSecretRule.IsValid(generated));
        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync(username, generated!));
    }

    [Fact]
    public async Task Another_user_is_403_and_an_admin_may_set_anyones_secret()
    {
        var (id, username, self) = await OnboardAsync();
        var (_, _, other) = await OnboardAsync();
        var (_, _, groupAdmin) = await OnboardAsync(OidcRegistryFactory.AdminGroup);
        using var disposeSelf = self;
        using var disposeOther = other;
        using var disposeGroupAdmin = groupAdmin;
        using var admin = factory.Admin();

        using var denied = await PutSecretAsync(other, id, """{"secret":"Cli-Secret-3"}""");
        await OciAssert.ErrorAsync(denied, HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(HttpStatusCode.Unauthorized, await V2StatusAsync(username, "Cli-Secret-3"));

        await SetSecretAsync(admin, id, "Cli-Secret-4");
        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync(username, "Cli-Secret-4"));
        await SetSecretAsync(groupAdmin, id, "Cli-Secret-5");
        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync(username, "Cli-Secret-5"));
    }

    [Fact]
    public async Task Anonymous_or_wrong_credentials_are_401()
    {
        var (id, _, self) = await OnboardAsync();
        using var _ = self;
        using var anonymous = factory.Anonymous();
        using var wrong = factory.Client("admin", "Wrong-Password-1", NewAddress());

        using var first = await PutSecretAsync(anonymous, id, """{"secret":"Cli-Secret-3"}""");
        using var second = await PutSecretAsync(wrong, id, """{"secret":"Cli-Secret-3"}""");

        await OciAssert.ErrorAsync(first, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(second, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Local_user_ids_are_404_and_bad_ids_400()
    {
        using var admin = factory.Admin();

        using var local = await PutSecretAsync(admin, 1, """{"secret":"Cli-Secret-3"}""");
        using var missing = await PutSecretAsync(admin, 999_999, """{"secret":"Cli-Secret-3"}""");
        using var bad = await admin.SendAsync(HttpMethod.Put, "/api/v2.0/users/abc/cli_secret", HarborProjects.Json("""{"secret":"Cli-Secret-3"}"""));

        await OciAssert.ErrorAsync(local, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(missing, HttpStatusCode.NotFound, "NOT_FOUND");
        await OciAssert.ErrorAsync(bad, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task In_oidc_mode_only_the_local_admin_signs_in_with_a_password()
    {
        var local = "local" + Guid.NewGuid().ToString("N")[..10];
        await factory.CreateUserAsync(local, "Local-Password-1");

        Assert.Equal(HttpStatusCode.OK, await V2StatusAsync("admin", RegistryFactory.AdminPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, await V2StatusAsync(local, "Local-Password-1"));
    }

    [Fact]
    public async Task Cli_secret_is_stored_encrypted()
    {
        var (id, _, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-Plain-1");

        var stored = await factory.Services.GetRequiredService<IOidcUserMetadata>().FindOidcUserByIdAsync(id, Ct);

        Assert.DoesNotContain("Cli-Secret-Plain-1", stored!.EncryptedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs.Events, e => e.Message.Contains("Cli-Secret-Plain-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oidc_ping_checks_the_discovery_document()
    {
        using var admin = factory.Admin();
        using var anonymous = factory.Anonymous();

        async Task<HttpResponseMessage> PingAsync(RegistryClient client, string body) =>
            await client.SendAsync(HttpMethod.Post, "/api/v2.0/system/oidc/ping", HarborProjects.Json(body));

        using var ok = await PingAsync(admin, $$"""{"url":"{{factory.Provider.Issuer}}","verify_cert":false}""");
        using var mismatched = await PingAsync(admin, $$"""{"url":"{{factory.Provider.MismatchedIssuerUrl}}"}""");
        using var missing = await PingAsync(admin, $$"""{"url":"{{factory.Provider.Issuer}}/nothing-here"}""");
        using var unreachable = await PingAsync(admin, """{"url":"http://127.0.0.1:1/realms/x"}""");
        using var notUrl = await PingAsync(admin, """{"url":"idp.example.com"}""");
        using var badJson = await PingAsync(admin, """{"url":""");
        using var wrongType = await PingAsync(admin, """{"url":"https://idp.example.com","verify_cert":"yes"}""");
        using var unauthenticated = await PingAsync(anonymous, $$"""{"url":"{{factory.Provider.Issuer}}"}""");

        OciAssert.Status(ok, HttpStatusCode.OK);
        Assert.Equal("failed to verify connection", await OciAssert.ErrorAsync(mismatched, HttpStatusCode.BadRequest, "BAD_REQUEST"));
        await OciAssert.ErrorAsync(missing, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(unreachable, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(notUrl, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(badJson, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(wrongType, HttpStatusCode.BadRequest, "BAD_REQUEST");
        await OciAssert.ErrorAsync(unauthenticated, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Current_user_shows_its_owner_the_oidc_link_and_cli_secret_and_the_admin_group_role()
    {
        var (id, _, self) = await OnboardAsync(OidcRegistryFactory.AdminGroup);
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-7");

        using var response = await self.GetAsync("/api/v2.0/users/current");

        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        var meta = json["oidc_user_meta"]!;
        Assert.Equal(id, meta["user_id"]!.GetValue<long>());
        Assert.Equal("Cli-Secret-7", meta["secret"]!.GetValue<string>());
        Assert.EndsWith(factory.Provider.Issuer, meta["subiss"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("sub-", meta["subiss"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(json["sysadmin_flag"]!.GetValue<bool>());
        Assert.True(json["admin_role_in_auth"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Current_user_of_the_local_admin_has_no_oidc_meta_and_no_admin_role_from_a_provider()
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync("/api/v2.0/users/current");

        var json = await RegistryClient.JsonAsync(response);
        Assert.Null(json["oidc_user_meta"]);
        Assert.True(json["sysadmin_flag"]!.GetValue<bool>());
        Assert.False(json["admin_role_in_auth"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Cli_secret_logins_get_access_tokens_but_no_refresh_token_a_new_secret_could_not_revoke()
    {
        var (id, username, self) = await OnboardAsync();
        using var _ = self;
        await SetSecretAsync(self, id, "Cli-Secret-8");
        using var cli = factory.Client(username, "Cli-Secret-8", NewAddress());

        using var get = await cli.GetAsync("/service/token?service=artifactkeeper&client_id=docker&offline_token=true");
        using var post = await factory.Anonymous().SendAsync(HttpMethod.Post, "/service/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["service"] = "artifactkeeper", ["client_id"] = "docker", ["access_type"] = "offline",
            ["username"] = username, ["password"] = "Cli-Secret-8",
        }));

        foreach (var response in new[] { get, post })
        {
            OciAssert.Status(response, HttpStatusCode.OK);
            var json = await RegistryClient.JsonAsync(response);
            Assert.False(string.IsNullOrEmpty(json["access_token"]?.GetValue<string>()));
            Assert.Null(json["refresh_token"]);
        }
    }
}
