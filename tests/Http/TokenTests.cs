using System.Net;
using System.Text.Json.Nodes;
using ArtifactKeeper.Tests.Http.Support;

namespace ArtifactKeeper.Tests.Http;

/// <summary>The token server at <c>/service/token</c>: GET with Basic credentials and POST with the password grant.</summary>
public sealed class TokenTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    private static void AssertTokenResponse(JsonNode json)
    {
        var token = json["token"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(token, json["access_token"]!.GetValue<string>());
        Assert.True(json["expires_in"]!.GetValue<int>() >= 60);
        var issuedAt = DateTimeOffset.Parse(json["issued_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(issuedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Get_token_with_admin_basic_returns_token_fields()
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync("/service/token?service=artifactkeeper&scope=repository:library/x:pull,push");

        OciAssert.Status(response, HttpStatusCode.OK);
        AssertTokenResponse(await RegistryClient.JsonAsync(response));
    }

    [Fact]
    public async Task Get_token_with_several_scopes_grants_each_repository()
    {
        using var admin = factory.Admin();
        var first = RegistryClient.UniqueRepo();
        var second = RegistryClient.UniqueRepo();

        using var response = await admin.GetAsync($"/service/token?service=artifactkeeper&scope=repository:{first}:pull,push&scope=repository:{second}:pull");
        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        AssertTokenResponse(json);
        using var bearer = factory.Bearer(json["token"]!.GetValue<string>());

        var image = await bearer.PushImageAsync(first, "v1");
        using var pushSecond = await bearer.SendAsync(HttpMethod.Post, $"/v2/{second}/blobs/uploads/");
        await OciAssert.ErrorAsync(pushSecond, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var pullFirst = await bearer.HeadAsync($"/v2/{first}/manifests/{image.Digest}");
        OciAssert.Status(pullFirst, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_token_anonymously_returns_token()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/service/token?service=artifactkeeper&scope=repository:library/x:pull");

        OciAssert.Status(response, HttpStatusCode.OK);
        AssertTokenResponse(await RegistryClient.JsonAsync(response));
    }

    [Fact]
    public async Task Get_token_with_wrong_password_returns_401()
    {
        using var wrong = factory.Client("admin", "wrong-password");

        using var response = await wrong.GetAsync("/service/token?service=artifactkeeper&scope=repository:library/x:pull");

        OciAssert.Status(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Post_password_grant_returns_token_that_can_push()
    {
        using var anonymous = factory.Anonymous();
        var repo = RegistryClient.UniqueRepo();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "admin",
            ["password"] = RegistryFactory.AdminPassword,
            ["service"] = "artifactkeeper",
            ["scope"] = $"repository:{repo}:pull,push",
            ["client_id"] = "http-tests",
        });

        using var response = await anonymous.SendAsync(HttpMethod.Post, "/service/token", form);

        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        AssertTokenResponse(json);
        using var bearer = factory.Bearer(json["access_token"]!.GetValue<string>());
        await bearer.PushImageAsync(repo, "v1");
    }

    [Fact]
    public async Task Post_password_grant_with_wrong_password_returns_400_invalid_grant()
    {
        using var anonymous = factory.Anonymous();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "admin",
            ["password"] = "wrong-password",
            ["service"] = "artifactkeeper",
            ["client_id"] = "http-tests",
            ["scope"] = "repository:library/x:pull",
        });

        using var response = await anonymous.SendAsync(HttpMethod.Post, "/service/token", form);

        // RFC 6749 §5.2: wrong resource-owner credentials are an invalid_grant, answered with 400.
        OciAssert.Status(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", (await RegistryClient.JsonAsync(response))["error"]!.GetValue<string>());
    }
}
