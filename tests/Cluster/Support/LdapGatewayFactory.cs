using System.Net.Http.Headers;
using System.Text;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Cluster.Support;

/// <summary>
/// The gateway in embedded mode (SQLite, filesystem blobs, temp data directory) in LDAP auth mode against
/// <paramref name="slapd"/>, with a small per-user login throttle so lockouts take a few requests.
/// </summary>
public sealed class LdapGatewayFactory(SlapdServer slapd) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Ldap-Tests-Admin-1";
    public const int MaxFailuresPerUser = 3;

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ak-ldap-" + Guid.NewGuid().ToString("N"));

    /// <summary>Every log event of this host, Information and up.</summary>
    public LogCapture Logs { get; } = new();

    public HttpClient Client(string username, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return client;
    }

    /// <summary>A client for a seeded directory user with that user's password.</summary>
    public HttpClient User(string uid) => Client(uid, SlapdServer.PasswordOf(uid));

    public HttpClient Admin() => Client("admin", AdminPassword);

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ArtifactKeeper:DataPath", _dataPath);
        builder.UseSetting("ArtifactKeeper:AdminPassword", AdminPassword);
        builder.UseSetting("ArtifactKeeper:Auth:LoginThrottle:MaxFailuresPerUser", MaxFailuresPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // TestServer has no client address, so every request counts against one address; keep that limit out of the way.
        builder.UseSetting("ArtifactKeeper:Auth:LoginThrottle:MaxFailuresPerAddress", "10000");
        foreach (var (key, value) in slapd.GatewaySettings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddProvider(Logs);
            logging.AddFilter("ArtifactKeeper.Auth", LogLevel.Information);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_dataPath))
        {
            try
            {
                Directory.Delete(_dataPath, recursive: true);
            }
            catch (IOException)
            {
                // A straggling file handle must not fail the run; the OS temp cleaner gets it later.
            }
        }
    }
}
