using System.Net;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Unit.Auth.Oidc;

namespace ArtifactKeeper.Tests.Http;

/// <summary>Outside OIDC mode the CLI secret API answers 412, as Harbor's does, and ID tokens identify nobody.</summary>
public sealed class OidcDatabaseModeTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task Cli_secret_api_is_412_outside_oidc_mode()
    {
        using var admin = factory.Admin();

        using var response = await admin.SendAsync(HttpMethod.Put, "/api/v2.0/users/1/cli_secret", HarborProjects.Json("""{"secret":"Cli-Secret-1"}"""));

        Assert.Equal("unable to update CLI secret under authmode: db_auth", await OciAssert.ErrorAsync(response, HttpStatusCode.PreconditionFailed, "PRECONDITION"));
    }

    [Fact]
    public async Task Id_token_identifies_nobody_outside_oidc_mode()
    {
        using var key = TestSigningKey.Rsa("k");
        using var client = factory.Bearer(key.Sign(TestSigningKey.Claims("https://idp.example.com", "artifactkeeper", "s-1", DateTimeOffset.UtcNow)));

        using var response = await HarborProjects.CreateAsync(client, new { project_name = HarborProjects.NewName() });

        await OciAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
