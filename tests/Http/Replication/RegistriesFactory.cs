using ArtifactKeeper.Replication.Transfer.Remote;
using ArtifactKeeper.Tests.Http.Replication.Remote;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Shared.Loopback;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// A registry with its real remote registry client and adapter catalog, every log event captured, and real peers on
/// loopback for its endpoints to reach: docker-registry asking for basic auth (htpasswd), docker-registry serving HTTPS
/// with a self-signed certificate, docker-registry behind a token server (the bearer flow of Harbor, GHCR, Quay, ACR,
/// and Docker Hub, whose registry address points there), the hosted services' stand-ins with docker-registry behind
/// ECR's (AWS:password) and Google's (<c>_json_key</c>) endpoints, and a second instance of this registry.
/// </summary>
public sealed class RegistriesFactory : RegistryFactory, IAsyncLifetime
{
    private readonly string _tlsDirectory = Path.Combine(Path.GetTempPath(), "ak-tls-" + Guid.NewGuid().ToString("N"));

    public RegistriesFactory()
    {
        TlsCertificate = LoopbackCertificate.Create(_tlsDirectory);
        TlsDistribution = DistributionRegistry.Create(new DistributionRegistryOptions { Tls = TlsCertificate });
    }

    public LogCapture Logs { get; } = new();

    /// <summary>docker-registry with htpasswd basic auth (<see cref="DistributionRegistry.Username"/>, <see cref="DistributionRegistry.Password"/>).</summary>
    public DistributionRegistry Distribution { get; } = DistributionRegistry.Create(DistributionRegistryOptions.WithBasicAuth());

    /// <summary>The self-signed certificate <see cref="TlsDistribution"/> serves.</summary>
    public LoopbackCertificate TlsCertificate { get; }

    /// <summary>Anonymous docker-registry on https:// with <see cref="TlsCertificate"/>.</summary>
    public DistributionRegistry TlsDistribution { get; }

    /// <summary>docker-registry with distribution's token auth and its token server.</summary>
    public TokenAuthDistribution Tokens { get; } = new();

    /// <summary>A second instance of this registry.</summary>
    public PeerRegistryFactory Peer { get; } = new();

    /// <summary>The hosted services' own APIs (ECR's token purchase among them).</summary>
    public HostedServiceStandIns StandIns { get; private set; } = null!;

    /// <summary>docker-registry behind an ECR endpoint: basic auth as AWS with the password the ECR stand-in sells.</summary>
    public DistributionRegistry Ecr { get; private set; } = null!;

    /// <summary>docker-registry behind a Google endpoint: basic auth as <c>_json_key</c> with the JSON key.</summary>
    public DistributionRegistry Google { get; } = DistributionRegistry.Create(
        new DistributionRegistryOptions { Username = "_json_key", Password = HostedRegistryTypesFixture.GoogleJsonKey });

    public async ValueTask InitializeAsync()
    {
        StandIns = await HostedServiceStandIns.StartAsync();
        Ecr = DistributionRegistry.Create(new DistributionRegistryOptions { Username = "AWS", Password = StandIns.EcrRegistryPassword });
        await Task.WhenAll(
            Distribution.StartAsync(), TlsDistribution.StartAsync(), Tokens.InitializeAsync().AsTask(), Ecr.StartAsync(), Google.StartAsync());
        _ = Peer.BaseUrl;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Peer.DisposeAsync();
        await Tokens.DisposeAsync();
        await TlsDistribution.DisposeAsync();
        await Distribution.DisposeAsync();
        await Google.DisposeAsync();
        if (Ecr is not null)
        {
            await Ecr.DisposeAsync();
        }

        if (StandIns is not null)
        {
            await StandIns.DisposeAsync();
        }

        try
        {
            Directory.Delete(_tlsDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new(HostedRegistryEndpointsOptions.Section + ":DockerHubRegistry", Tokens.Registry.BaseAddress.ToString()),
        new(HostedRegistryEndpointsOptions.Section + ":AwsEcrApi", StandIns.BaseAddress.ToString()),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // ECR endpoints are named by host (the region is in it); names under .localhost reach loopback here.
        builder.ConfigureServices(services => services.ConfigureAll<HttpClientFactoryOptions>(options => options.HttpMessageHandlerBuilderActions.Add(handler =>
        {
            if (handler.PrimaryHandler is SocketsHttpHandler sockets)
            {
                sockets.ConnectCallback = RemoteTestServices.ConnectLocalhostNamesToLoopbackAsync;
            }
        })));
    }

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(Logs);
    }
}
