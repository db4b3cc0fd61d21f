using System.Net;
using System.Text;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http;

/// <summary>
/// Harbor's LDAP API while the registry is in database mode (no directory): ping answers with a failure in
/// Harbor's shape, the directory endpoints refuse with 400, and sign-in rules come first. The LDAP mode itself
/// runs against a real slapd in tests/Cluster.
/// </summary>
public sealed class HarborLdapApiTests(RegistryFactory factory) : IClassFixture<RegistryFactory>
{
    [Fact]
    public async Task Ping_without_a_configured_server_reports_failure_not_an_error()
    {
        using var admin = factory.Admin();

        using var response = await admin.SendAsync(HttpMethod.Post, "/api/v2.0/ldap/ping");

        OciAssert.Status(response, HttpStatusCode.OK);
        var json = await RegistryClient.JsonAsync(response);
        Assert.False(json["success"]!.GetValue<bool>());
        Assert.StartsWith("error:", json["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v2.0/ldap/users/search?username=alice")]
    [InlineData("/api/v2.0/ldap/groups/search?groupname=devs")]
    public async Task Directory_endpoints_outside_ldap_mode_are_400(string path)
    {
        using var admin = factory.Admin();

        using var response = await admin.GetAsync(path);

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Import_outside_ldap_mode_is_400_and_creates_nobody()
    {
        using var admin = factory.Admin();
        var name = "u" + Guid.NewGuid().ToString("N")[..12];

        using var response = await admin.SendAsync(
            HttpMethod.Post, "/api/v2.0/ldap/users/import", new StringContent($$"""{"ldap_uid_list":["{{name}}"]}""", Encoding.UTF8, "application/json"));

        await OciAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        var users = factory.Services.GetRequiredService<IUserMetadata>();
        Assert.Null(await users.GetUserAsync(name, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ping_needs_a_signed_in_system_admin()
    {
        using var anonymous = factory.Anonymous();
        using var wrong = factory.Client("admin", "wrong-password-1");
        using var user = await factory.NewUserAsync();

        using var anonymousResponse = await anonymous.SendAsync(HttpMethod.Post, "/api/v2.0/ldap/ping");
        using var wrongResponse = await wrong.SendAsync(HttpMethod.Post, "/api/v2.0/ldap/ping");
        using var userResponse = await user.SendAsync(HttpMethod.Post, "/api/v2.0/ldap/ping");

        await OciAssert.ErrorAsync(anonymousResponse, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(wrongResponse, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await OciAssert.ErrorAsync(userResponse, HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Health_has_no_ldap_component_in_database_mode()
    {
        using var anonymous = factory.Anonymous();

        using var response = await anonymous.GetAsync("/api/v2.0/health");

        var components = (await RegistryClient.JsonAsync(response))["components"]!.AsArray();
        Assert.DoesNotContain(components, c => c!["name"]!.GetValue<string>() == "ldap");
    }
}
