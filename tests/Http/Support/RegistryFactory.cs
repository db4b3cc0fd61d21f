using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using ArtifactKeeper.Access;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// Hosts the gateway in embedded mode (silo, SQLite, filesystem blobs) over a fresh temp data
/// directory, removed again on dispose. One instance per test class: a silo takes seconds to start.
/// Derived factories add settings through <see cref="Settings"/>.
/// </summary>
public class RegistryFactory : WebApplicationFactory<Program>
{
    /// <summary>Not the default, so the tests prove the setting reaches the seeder.</summary>
    public const string AdminPassword = "Http-Tests-Admin-1";

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "ak-http-" + Guid.NewGuid().ToString("N"));

    /// <summary>A client sending HTTP Basic credentials of the seeded <c>admin</c> user.</summary>
    public RegistryClient Admin() => Client("admin", AdminPassword);

    /// <summary>Creates a local user in the metadata store and returns a client signed in as it.</summary>
    public async Task<RegistryClient> NewUserAsync(string? username = null, bool isAdmin = false)
    {
        username ??= "u" + Guid.NewGuid().ToString("N")[..12];
        const string password = "User-Password-1";
        await CreateUserAsync(username, password, isAdmin);
        return Client(username, password);
    }

    /// <summary>Lets a derived factory add log providers or filters.</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging)
    {
    }

    /// <summary>Extra configuration for a derived factory (key, value).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>Creates a local user straight in the metadata store (there is no user API yet).</summary>
    public async Task CreateUserAsync(string username, string password, bool isAdmin = false)
    {
        var users = Services.GetRequiredService<IUserMetadata>();
        await users.EnsureUserAsync(username, PasswordHasher.Hash(password), isAdmin, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A client sending HTTP Basic credentials and <see cref="TestClientAddress.Header"/>, which the test host
    /// turns into the connection's remote address (TestServer has none of its own).
    /// </summary>
    public RegistryClient Client(string username, string password, string clientAddress)
    {
        var client = Client(username, password);
        client.Http.DefaultRequestHeaders.Add(TestClientAddress.Header, clientAddress);
        return client;
    }

    /// <summary>A client sending no credentials.</summary>
    public RegistryClient Anonymous() => new(NewHttpClient());

    /// <summary>A client sending HTTP Basic <paramref name="username"/>:<paramref name="password"/>.</summary>
    public RegistryClient Client(string username, string password)
    {
        var http = NewHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return new RegistryClient(http);
    }

    /// <summary>A client sending <c>Authorization: Bearer <paramref name="token"/></c>.</summary>
    public RegistryClient Bearer(string token)
    {
        var http = NewHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new RegistryClient(http);
    }

    /// <summary>
    /// Sends a request whose path reaches the server exactly as written (percent-decoded, dot segments
    /// kept), which HttpClient's Uri canonicalisation would otherwise rewrite. Authenticates as admin.
    /// </summary>
    public async Task<HttpResponseMessage> SendRawAsync(string method, string rawPath, byte[]? body = null, string? contentType = null)
    {
        var question = rawPath.IndexOf('?', StringComparison.Ordinal);
        var context = await Server.SendAsync(
            c =>
            {
                c.Request.Method = method;
                c.Request.Path = PathString.FromUriComponent(question < 0 ? rawPath : rawPath[..question]);
                c.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(rawPath[question..]);
                c.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AdminPassword}"));
                c.Request.ContentType = contentType;
                c.Request.ContentLength = body?.Length;
                c.Request.Body = new MemoryStream(body ?? []);
            },
            TestContext.Current.CancellationToken);
        using var reader = new MemoryStream();
        await context.Response.Body.CopyToAsync(reader, TestContext.Current.CancellationToken);
        return new HttpResponseMessage((System.Net.HttpStatusCode)context.Response.StatusCode) { Content = new ByteArrayContent(reader.ToArray()) };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ArtifactKeeper:DataPath", DataPath);
        builder.UseSetting("ArtifactKeeper:AdminPassword", AdminPassword);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            ConfigureLogging(logging);
        });
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestClientAddress>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataPath))
        {
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException)
            {
                // A straggling file handle must not fail the run; the OS temp cleaner gets it later.
            }
        }
    }

    /// <summary>Where clients send requests: TestServer's default, or a real address when a derived factory runs Kestrel.</summary>
    protected virtual Uri ClientBaseAddress => ClientOptions.BaseAddress;

    private HttpClient NewHttpClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.BaseAddress = ClientBaseAddress;
        return client;
    }
}
