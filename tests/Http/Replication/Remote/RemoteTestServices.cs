using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Replication.Transfer.Remote;
using ArtifactKeeper.Storage.Metadata;
using ArtifactKeeper.Storage.Metadata.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using System.Net;
using System.Net.Sockets;

namespace ArtifactKeeper.Tests.Http.Replication.Remote;

/// <summary>
/// The remote client as the silo registers it (<see cref="RemoteRegistryRegistration.AddRemoteRegistries"/>), over a
/// real SQLite settings store (the credential protector's key) and a small page size so paging is exercised.
/// </summary>
public sealed class RemoteTestServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _directory;

    private RemoteTestServices(ServiceProvider provider, string directory)
    {
        _provider = provider;
        _directory = directory;
    }

    public IRemoteRegistryFactory Factory => _provider.GetRequiredService<IRemoteRegistryFactory>();

    public RegistryCredentialProtector Protector => _provider.GetRequiredService<RegistryCredentialProtector>();

    public IRegistryEndpointMetadata Endpoints => _provider.GetRequiredService<IRegistryEndpointMetadata>();

    /// <summary>The services over <paramref name="configuration"/>, on <paramref name="clock"/> (the system's by default).</summary>
    public static async Task<RemoteTestServices> StartAsync(IDictionary<string, string?>? configuration = null, TimeProvider? clock = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ak-remote-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var store = new SqliteMetadataStore(Path.Combine(directory, "metadata.db"));
        await store.InitializeAsync(CancellationToken.None);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { [RemoteRegistryOptions.Section + ":PageSize"] = "2" };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<ISettingsMetadata>(store);
        services.AddSingleton<IRegistryEndpointMetadata>(store);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddRemoteRegistries();

        // Hosted registries are named by host (ECR's region is in it); names under .localhost reach loopback here.
        services.ConfigureAll<HttpClientFactoryOptions>(options => options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            if (builder.PrimaryHandler is SocketsHttpHandler sockets)
            {
                sockets.ConnectCallback = ConnectLocalhostNamesToLoopbackAsync;
            }
        }));
        return new RemoteTestServices(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), directory);
    }

    /// <summary>Connects names under <c>.localhost</c> (hosted registries named by host) to 127.0.0.1, others as resolved.</summary>
    public static async ValueTask<Stream> ConnectLocalhostNamesToLoopbackAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (context.DnsEndPoint.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static RegistryEndpoint Endpoint(string type, string url, long id = 0, string? accessKey = null, bool insecure = false) =>
        new(id, "ep-" + type + "-" + id, type, url, string.Empty, insecure, RegistryCredentialTypes.Basic, accessKey, HasSecret: false, "unknown",
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
