using System.Net;

namespace ArtifactKeeper.Tests.EndToEnd;

/// <summary>
/// skopeo guessing the admin password over real HTTP: after the default five failures even the right password
/// is refused with 429 until the lockout ends, while the health endpoint answers at once. A server of its own,
/// since the test locks its admin out.
/// </summary>
public sealed class LoginThrottleTests(RegistryServer server) : IClassFixture<RegistryServer>
{
    private const int DefaultMaxFailuresPerUser = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Skopeo_login_after_repeated_wrong_passwords_is_throttled_and_health_stays_up()
    {
        using var directory = new TempDirectory();
        for (var i = 0; i < DefaultMaxFailuresPerUser; i++)
        {
            var wrong = await LoginAsync(directory.Combine("auth.json"), server.AdminPassword + "-wrong" + i);
            Assert.True(wrong.ExitCode != 0, wrong.Describe());
        }

        var right = await LoginAsync(directory.Combine("auth.json"), server.AdminPassword);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var health = await http.GetAsync("/api/v2.0/health", Ct);

        Assert.True(right.ExitCode != 0, "the right password during a lockout should be refused:\n" + right.Describe());
        // containers/image reports a 429 as "too many requests to registry".
        Assert.True((right.StandardError + right.StandardOutput).Contains("too many requests", StringComparison.OrdinalIgnoreCase), right.Describe());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private Task<CliResult> LoginAsync(string authFile, string password) =>
        Cli.TryRunAsync("skopeo",
            ["login", "--tls-verify=false", "--authfile", authFile, "--username", "admin", "--password-stdin", server.HostPort],
            Ct, standardInput: password + "\n");
}
