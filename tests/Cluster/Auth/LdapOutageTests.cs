using System.Net;
using ArtifactKeeper.Tests.Cluster.Support;

namespace ArtifactKeeper.Tests.Cluster.Auth;

/// <summary>
/// With the directory down, an LDAP login is a clean 401 with a logged error, never a 500; logins verified in
/// the last minutes keep working from the credential cache, and the admin API says the directory is unavailable.
/// Each test stops its own slapd.
/// </summary>
public sealed class LdapOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Slapd_stopped_login_is_401_with_a_logged_error_and_cached_logins_still_work()
    {
        await using var registry = new LdapRegistry();
        await registry.InitializeAsync();
        using var alice = registry.Gateway.User("alice");
        using var bob = registry.Gateway.User("bob");
        using (var before = await alice.GetAsync(new Uri("/v2/", UriKind.Relative), Ct))
        {
            await LdapAssert.JsonAsync(before, HttpStatusCode.OK);
        }

        await registry.Slapd.StopAsync();
        using var uncached = await bob.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);
        using var api = await bob.GetAsync(new Uri("/api/v2.0/projects", UriKind.Relative), Ct);
        using var token = await bob.GetAsync(new Uri("/service/token?service=artifactkeeper", UriKind.Relative), Ct);
        using var cached = await alice.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);

        await LdapAssert.ErrorAsync(uncached, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await LdapAssert.ErrorAsync(api, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await LdapAssert.ErrorAsync(token, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        await LdapAssert.JsonAsync(cached, HttpStatusCode.OK);
        Assert.Contains(registry.Gateway.Logs.Events, e => e.EventName == "LdapUnavailable");
    }

    [Fact]
    public async Task Slapd_stopped_outage_does_not_lock_users_out_afterwards_and_admin_api_is_503()
    {
        await using var registry = new LdapRegistry();
        await registry.InitializeAsync();
        await registry.Slapd.StopAsync();
        using var carol = registry.Gateway.User("carol");
        using var admin = registry.Gateway.Admin();

        for (var i = 0; i < LdapGatewayFactory.MaxFailuresPerUser + 1; i++)
        {
            using var refused = await carol.GetAsync(new Uri("/v2/", UriKind.Relative), Ct);
            await LdapAssert.ErrorAsync(refused, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }

        using var search = await admin.GetAsync(new Uri("/api/v2.0/ldap/users/search?username=carol", UriKind.Relative), Ct);
        using var ping = await admin.PostAsync(new Uri("/api/v2.0/ldap/ping", UriKind.Relative), null, Ct);

        await LdapAssert.ErrorAsync(search, HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
        Assert.False((await LdapAssert.JsonAsync(ping, HttpStatusCode.OK))["success"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Health_reports_the_ldap_component_healthy_then_unhealthy_when_slapd_stops()
    {
        await using var registry = new LdapRegistry();
        await registry.InitializeAsync();
        using var anonymous = registry.Gateway.Anonymous();

        var up = await LdapStatusAsync(anonymous);
        await registry.Slapd.StopAsync();
        var down = await LdapStatusAsync(anonymous);

        Assert.Equal("healthy", up);
        Assert.Equal("unhealthy", down);
    }

    private static async Task<string?> LdapStatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/v2.0/health", UriKind.Relative), Ct);
        var json = await LdapAssert.JsonAsync(response, HttpStatusCode.OK);
        return json["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "ldap")!["status"]!.GetValue<string>();
    }
}
