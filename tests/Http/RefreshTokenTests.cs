using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Access;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// The OAuth2 flows of <c>docker login</c> and containerd: the password grant with <c>access_type=offline</c>
/// (or GET with <c>offline_token=true</c>) hands out a refresh token, which the refresh_token grant redeems
/// until it expires, the password changes or the user is deleted. Errors come in OAuth2's JSON shape.
/// </summary>
public sealed class RefreshTokenTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private const string Password = "Refresh-Password-1";

    private async Task<string> NewUserAsync(bool isAdmin = false)
    {
        var name = "r" + Guid.NewGuid().ToString("N")[..12];
        await factory.CreateUserAsync(name, Password, isAdmin);
        return name;
    }

    private IUserGrain UserGrain(string name) => factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(name);

    private async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(params (string Key, string Value)[] fields)
    {
        using var anonymous = factory.Anonymous();
        using var form = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        using var response = await anonymous.SendAsync(HttpMethod.Post, "/service/token", form);
        return (response.StatusCode, await RegistryClient.JsonAsync(response));
    }

    private async Task<string> LoginOfflineAsync(string user, string password = Password)
    {
        var (status, body) = await PostAsync(
            ("grant_type", "password"), ("username", user), ("password", password), ("service", "artifactkeeper"),
            ("client_id", "http-tests"), ("access_type", "offline"));
        Assert.Equal(HttpStatusCode.OK, status);
        return body["refresh_token"]!.GetValue<string>();
    }

    private Task<(HttpStatusCode Status, JsonNode Body)> RefreshAsync(string refreshToken, string scope = "", string service = "artifactkeeper") =>
        PostAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("service", service), ("client_id", "http-tests"), ("scope", scope));

    private static void AssertOAuthError(HttpStatusCode status, JsonNode body, HttpStatusCode expectedStatus, string error)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Equal(error, body["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error_description"]!.GetValue<string>()));
        Assert.Null(body["access_token"]);
    }

    [Fact]
    public async Task Password_grant_offline_returns_refresh_token_and_online_does_not()
    {
        var user = await NewUserAsync();

        var refresh = await LoginOfflineAsync(user);
        var (status, online) = await PostAsync(
            ("grant_type", "password"), ("username", user), ("password", Password), ("service", "artifactkeeper"), ("client_id", "http-tests"));

        Assert.False(string.IsNullOrEmpty(refresh));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(online["refresh_token"]);
        Assert.Equal(string.Empty, online["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_grant_issues_access_token_that_pushes_and_returns_the_same_refresh_token()
    {
        var user = await NewUserAsync(isAdmin: true);
        var refresh = await LoginOfflineAsync(user);
        var repo = RegistryClient.UniqueRepo();

        var (status, body) = await RefreshAsync(refresh, $"repository:{repo}:pull,push");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(refresh, body["refresh_token"]!.GetValue<string>());
        Assert.Equal($"repository:{repo}:pull,push", body["scope"]!.GetValue<string>());
        Assert.Equal(1800, body["expires_in"]!.GetValue<int>());
        using var bearer = factory.Bearer(body["access_token"]!.GetValue<string>());
        await bearer.PushImageAsync(repo, "v1");
    }

    [Fact]
    public async Task Refresh_grant_for_user_without_push_grants_pull_only()
    {
        var refresh = await LoginOfflineAsync(await NewUserAsync());
        var repo = RegistryClient.UniqueRepo();

        var (status, body) = await RefreshAsync(refresh, $"repository:{repo}:pull,push");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"repository:{repo}:pull", body["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_with_offline_token_returns_a_refresh_token_that_works()
    {
        var user = await NewUserAsync();
        using var client = factory.Client(user, Password);

        using var response = await client.GetAsync("/service/token?service=artifactkeeper&client_id=docker&offline_token=true");

        OciAssert.Status(response, HttpStatusCode.OK);
        var refresh = (await RegistryClient.JsonAsync(response))["refresh_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(refresh)).Status);
    }

    [Fact]
    public async Task Anonymous_get_with_offline_token_gets_no_refresh_token()
    {
        using var response = await factory.Anonymous().GetAsync("/service/token?service=artifactkeeper&offline_token=true");

        OciAssert.Status(response, HttpStatusCode.OK);
        Assert.Null((await RegistryClient.JsonAsync(response))["refresh_token"]);
    }

    [Fact]
    public async Task Refresh_after_password_change_returns_invalid_grant()
    {
        var user = await NewUserAsync();
        var refresh = await LoginOfflineAsync(user);

        Assert.True(await UserGrain(user).ChangePasswordAsync("Changed-Password-2"));
        var (status, body) = await RefreshAsync(refresh, "repository:library/x:pull");

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "invalid_grant");
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(await LoginOfflineAsync(user, "Changed-Password-2"))).Status);
    }

    [Fact]
    public async Task Refresh_after_user_deleted_and_recreated_with_same_password_returns_invalid_grant()
    {
        var user = await NewUserAsync();
        var refresh = await LoginOfflineAsync(user);

        Assert.True(await UserGrain(user).DeleteAsync());
        var (deletedStatus, deletedBody) = await RefreshAsync(refresh);
        await factory.CreateUserAsync(user, Password);
        var (recreatedStatus, recreatedBody) = await RefreshAsync(refresh);

        AssertOAuthError(deletedStatus, deletedBody, HttpStatusCode.BadRequest, "invalid_grant");
        AssertOAuthError(recreatedStatus, recreatedBody, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Refresh_token_for_another_service_is_refused()
    {
        var refresh = await LoginOfflineAsync(await NewUserAsync());

        var (status, body) = await RefreshAsync(refresh, service: "another-registry");

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("akrt1.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Forged_or_malformed_refresh_token_returns_invalid_grant(string refresh)
    {
        var (status, body) = await RefreshAsync(refresh);

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Access_token_is_not_accepted_as_refresh_token()
    {
        using var admin = factory.Admin();
        var access = await admin.TokenAsync("repository:library/x:pull");

        var (status, body) = await RefreshAsync(access);

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Theory]
    [InlineData("grant_type", "invalid_request")]
    [InlineData("service", "invalid_request")]
    [InlineData("client_id", "invalid_request")]
    [InlineData("refresh_token", "invalid_request")]
    public async Task Missing_required_field_returns_oauth_error(string missing, string error)
    {
        var fields = new[] { ("grant_type", "refresh_token"), ("refresh_token", "x"), ("service", "artifactkeeper"), ("client_id", "t") }
            .Where(f => f.Item1 != missing).ToArray();

        var (status, body) = await PostAsync(fields);

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, error);
    }

    [Theory]
    [InlineData("username")]
    [InlineData("password")]
    public async Task Password_grant_without_username_or_password_returns_invalid_request(string missing)
    {
        var fields = new[] { ("grant_type", "password"), ("username", "admin"), ("password", "x"), ("service", "artifactkeeper"), ("client_id", "t") }
            .Where(f => f.Item1 != missing).ToArray();

        var (status, body) = await PostAsync(fields);

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Unsupported_grant_type_returns_unsupported_grant_type()
    {
        var (status, body) = await PostAsync(("grant_type", "client_credentials"), ("service", "artifactkeeper"), ("client_id", "t"));

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "unsupported_grant_type");
    }

    [Fact]
    public async Task Malformed_scope_returns_invalid_scope()
    {
        var refresh = await LoginOfflineAsync(await NewUserAsync());

        var (status, body) = await RefreshAsync(refresh, "repository::pull");

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "invalid_scope");
    }

    [Fact]
    public async Task Json_body_returns_invalid_request()
    {
        using var anonymous = factory.Anonymous();
        using var response = await anonymous.SendAsync(
            HttpMethod.Post, "/service/token", System.Net.Http.Json.JsonContent.Create(new { grant_type = "password" }));

        AssertOAuthError(response.StatusCode, await RegistryClient.JsonAsync(response), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Form_over_the_field_limit_returns_invalid_request()
    {
        var fields = Enumerable.Range(0, 2000).Select(i => ($"f{i}", "v")).Append(("grant_type", "password")).ToArray();

        var (status, body) = await PostAsync(fields);

        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Old_password_still_in_the_credential_cache_cannot_mint_a_refresh_token()
    {
        var user = await NewUserAsync();
        using var client = factory.Client(user, Password);
        using var warm = await client.GetAsync("/v2/");
        OciAssert.Status(warm, HttpStatusCode.OK);

        Assert.True(await UserGrain(user).ChangePasswordAsync("Changed-Password-3"));
        using var get = await client.GetAsync("/service/token?service=artifactkeeper&client_id=docker&offline_token=true");
        var (status, body) = await PostAsync(
            ("grant_type", "password"), ("username", user), ("password", Password), ("service", "artifactkeeper"),
            ("client_id", "http-tests"), ("access_type", "offline"));

        await OciAssert.ErrorAsync(get, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        AssertOAuthError(status, body, HttpStatusCode.BadRequest, "invalid_grant");
    }
}
