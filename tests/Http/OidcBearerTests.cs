using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ArtifactKeeper.Access;
using ArtifactKeeper.Auth;
using ArtifactKeeper.Auth.Oidc;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Unit.Auth.Oidc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// OIDC mode: the provider's ID tokens as <c>Authorization: Bearer</c> on <c>/api/v2.0</c> identify (and onboard)
/// their users; every bad token is a 401 that onboards nobody; the registry's own tokens never pass as ID tokens.
/// </summary>
public sealed class OidcBearerTests(OidcRegistryFactory factory) : IClassFixture<OidcRegistryFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IOidcUserMetadata Store => factory.Services.GetRequiredService<IOidcUserMetadata>();

    private static string NewSubject() => "sub-" + Guid.NewGuid().ToString("N");

    private static string NewUsername() => "oidc" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Creates a private project as the bearer of <paramref name="token"/>; returns the response.</summary>
    private async Task<HttpResponseMessage> CreateProjectAsync(string token, string project)
    {
        using var client = factory.Bearer(token);
        return await HarborProjects.CreateAsync(client, new { project_name = project, metadata = new { @public = "false" } });
    }

    private async Task<RegistryCaller> CallerAsync(string token, string path = "/api/v2.0/projects")
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.Headers.Authorization = "Bearer " + token;
        return await factory.Services.GetRequiredService<RegistryAuthenticator>().AuthenticateAsync(context);
    }

    /// <summary>The token is refused with 401 on the API, and neither its subject nor its username exists afterwards.</summary>
    private async Task AssertRefusedAsync(string token, string subject, string username)
    {
        var project = HarborProjects.NewName();
        using var response = await CreateProjectAsync(token, project);

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Null(await Store.FindOidcUserAsync(factory.Provider.Issuer, subject, Ct));
        Assert.Null(await factory.Services.GetRequiredService<IUserMetadata>().GetUserAsync(username, Ct));
        using var admin = factory.Admin();
        using var lookup = await admin.GetAsync($"/api/v2.0/projects/{project}");
        OciAssert.Status(lookup, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Valid_id_token_identifies_its_user_who_is_onboarded_once()
    {
        var (subject, username) = (NewSubject(), NewUsername());
        var project = HarborProjects.NewName();

        using (var created = await CreateProjectAsync(factory.IdToken(subject, username), project))
        {
            OciAssert.Status(created, HttpStatusCode.Created);
        }

        using (var again = await CreateProjectAsync(factory.IdToken(subject, username + "x"), HarborProjects.NewName()))
        {
            OciAssert.Status(again, HttpStatusCode.Created);
        }

        using var admin = factory.Admin();
        var model = await HarborProjects.GetAsync(admin, project);
        var user = await Store.FindOidcUserAsync(factory.Provider.Issuer, subject, Ct);
        Assert.Equal(username, model["owner_name"]!.GetValue<string>());
        Assert.Equal(user!.UserId, model["owner_id"]!.GetValue<long>());
        Assert.Equal(username, user.Username);
        Assert.Null(await factory.Services.GetRequiredService<IUserMetadata>().GetUserAsync(username + "x", Ct));
    }

    [Fact]
    public async Task Es256_id_token_is_accepted()
    {
        var subject = NewSubject();

        var caller = await CallerAsync(factory.EcKey.Sign(factory.Claims(subject, NewUsername())));

        Assert.Equal(CallerKind.User, caller.Kind);
        Assert.NotNull(await Store.FindOidcUserAsync(factory.Provider.Issuer, subject, Ct));
    }

    [Fact]
    public async Task Groups_claim_becomes_the_callers_oidc_groups_and_is_remembered_for_cli_logins()
    {
        var subject = NewSubject();

        var caller = await CallerAsync(factory.IdToken(subject, NewUsername(), "devs", "ops"));

        Assert.Equal([new UserGroupRef(UserGroupType.Oidc, "devs"), new UserGroupRef(UserGroupType.Oidc, "ops")], caller.Groups);
        Assert.False(caller.IsAdmin);
        Assert.Equal(["devs", "ops"], (await Store.FindOidcUserAsync(factory.Provider.Issuer, subject, Ct))!.Groups);
    }

    [Fact]
    public async Task Admin_group_member_is_a_system_administrator()
    {
        var token = factory.IdToken(NewSubject(), NewUsername(), "devs", OidcRegistryFactory.AdminGroup);
        var plain = factory.IdToken(NewSubject(), NewUsername(), "devs");
        var ping = new StringContent($$"""{"url":"{{factory.Provider.Issuer}}","verify_cert":true}""", Encoding.UTF8, "application/json");

        using var asAdmin = factory.Bearer(token);
        using var asUser = factory.Bearer(plain);
        using var allowed = await asAdmin.SendAsync(HttpMethod.Post, "/api/v2.0/system/oidc/ping", ping);
        using var denied = await asUser.SendAsync(HttpMethod.Post, "/api/v2.0/system/oidc/ping", HarborProjects.Json("{}"));

        OciAssert.Status(allowed, HttpStatusCode.OK);
        await OciAssert.ErrorAsync(denied, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Forged_signature_is_401_and_onboards_nobody()
    {
        var (subject, username) = (NewSubject(), NewUsername());
        using var impostor = TestSigningKey.Rsa(factory.RsaKey.KeyId);

        await AssertRefusedAsync(impostor.Sign(factory.Claims(subject, username)), subject, username);
    }

    [Fact]
    public async Task Unknown_key_id_is_401_and_onboards_nobody()
    {
        var (subject, username) = (NewSubject(), NewUsername());
        using var unpublished = TestSigningKey.Rsa("unpublished-" + Guid.NewGuid().ToString("N"));

        await AssertRefusedAsync(unpublished.Sign(factory.Claims(subject, username)), subject, username);
    }

    [Fact]
    public async Task Expired_token_is_401_and_onboards_nobody()
    {
        var (subject, username) = (NewSubject(), NewUsername());
        var claims = factory.Claims(subject, username);
        claims["iat"] = factory.Clock.GetUtcNow().AddHours(-2).ToUnixTimeSeconds();
        claims["exp"] = factory.Clock.GetUtcNow().AddHours(-1).ToUnixTimeSeconds();

        await AssertRefusedAsync(factory.RsaKey.Sign(claims), subject, username);
    }

    [Fact]
    public async Task Not_yet_valid_token_is_401_and_onboards_nobody()
    {
        var (subject, username) = (NewSubject(), NewUsername());
        var claims = factory.Claims(subject, username);
        claims["nbf"] = factory.Clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();

        await AssertRefusedAsync(factory.RsaKey.Sign(claims), subject, username);
    }

    [Fact]
    public async Task Wrong_issuer_is_401_and_onboards_nobody()
    {
        var (subject, username) = (NewSubject(), NewUsername());
        var claims = factory.Claims(subject, username);
        claims["iss"] = factory.Provider.MismatchedIssuerUrl;

        await AssertRefusedAsync(factory.RsaKey.Sign(claims), subject, username);
    }

    [Fact]
    public async Task Wrong_audience_is_401_and_onboards_nobody()
    {
        var (subject, username) = (NewSubject(), NewUsername());
        var claims = factory.Claims(subject, username);
        claims["aud"] = "another-client";

        await AssertRefusedAsync(factory.RsaKey.Sign(claims), subject, username);
    }

    [Fact]
    public async Task Alg_none_is_401_and_onboards_nobody()
    {
        var (subject, username) = (NewSubject(), NewUsername());

        await AssertRefusedAsync(TestSigningKey.Unsigned(factory.Claims(subject, username)), subject, username);
    }

    [Fact]
    public async Task Hs256_token_claiming_the_provider_is_401_even_when_keyed_like_registry_tokens()
    {
        var (subject, username) = (NewSubject(), NewUsername());
        var key = Encoding.UTF8.GetBytes(factory.RsaKey.Jwk().ToJsonString());

        await AssertRefusedAsync(TestSigningKey.Hmac(factory.Claims(subject, username), key, factory.RsaKey.KeyId), subject, username);
    }

    [Fact]
    public async Task Registry_token_is_not_an_id_token_and_an_id_token_is_not_a_registry_token()
    {
        using var admin = factory.Admin();
        var registryToken = await admin.TokenAsync("repository:library/app:pull,push");
        var (subject, username) = (NewSubject(), NewUsername());
        var idToken = factory.IdToken(subject, username);

        await AssertRefusedAsync(registryToken, "admin", "nobody-" + username);
        var onV2 = await CallerAsync(idToken, "/v2/library/app/tags/list");
        using var bearerOnV2 = factory.Bearer(idToken);
        using var pull = await bearerOnV2.GetAsync("/v2/library/app/tags/list");

        Assert.Equal(CallerKind.Invalid, onV2.Kind);
        await OciAssert.ErrorAsync(pull, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Null(await Store.FindOidcUserAsync(factory.Provider.Issuer, subject, Ct));
    }

    [Fact]
    public async Task Token_without_a_username_or_with_a_local_users_name_is_401_and_changes_nothing()
    {
        var local = NewUsername();
        await factory.CreateUserAsync(local, "Local-Password-1");
        var before = await factory.Services.GetRequiredService<IUserMetadata>().GetUserAsync(local, Ct);
        var (clashSubject, nameless) = (NewSubject(), NewSubject());

        await AssertRefusedAsync(factory.IdToken(nameless, null), nameless, "nameless");
        using var clash = await CreateProjectAsync(factory.IdToken(clashSubject, local), HarborProjects.NewName());

        await OciAssert.ErrorAsync(clash, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Null(await Store.FindOidcUserAsync(factory.Provider.Issuer, clashSubject, Ct));
        Assert.Equal(before, await factory.Services.GetRequiredService<IUserMetadata>().GetUserAsync(local, Ct));
    }

    [Fact]
    public async Task Id_token_gets_a_registry_token_at_the_token_service()
    {
        var username = NewUsername();
        using var client = factory.Bearer(factory.IdToken(NewSubject(), username));

        using var response = await client.GetAsync("/service/token?service=artifactkeeper&scope=repository:library/app:pull");

        OciAssert.Status(response, HttpStatusCode.OK);
        var token = (await RegistryClient.JsonAsync(response))["token"]!.GetValue<string>();
        Assert.Equal(username, JsonNode.Parse(Convert.FromBase64String(Pad(token.Split('.')[1])))!["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refused_tokens_are_logged_without_the_token()
    {
        var token = TestSigningKey.Unsigned(factory.Claims(NewSubject(), NewUsername()));

        using var response = await CreateProjectAsync(token, HarborProjects.NewName());

        OciAssert.Status(response, HttpStatusCode.Unauthorized);
        Assert.Contains(factory.Logs.Events, e => e.EventName == "OidcTokenRefused" && e.Message.Contains("UnsupportedAlgorithm", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Events, e => e.Message.Contains(token.Split('.')[1], StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Events, e => e.Message.Contains(OidcRegistryFactory.ClientSecret, StringComparison.Ordinal));
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }
}
