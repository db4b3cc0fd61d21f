using ArtifactKeeper.Replication.Transfer.Remote;
using ArtifactKeeper.Tests.Http.Replication.Remote;
using ArtifactKeeper.Tests.Http.Support;
using ArtifactKeeper.Tests.Shared.Loopback;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// A registry with its real remote registry client and adapter catalog, every log event captured, and real peers on
/// loopback for its endpoints to reach: docker-registry asking for basic auth (htpasswd), docker-registry serving HTTPS
/// with a self-signed certificate, docker-registry behind a token server (the bearer flow of Harbor, GHCR, Quay, ACR,
/// and Docker Hub, whose registry address points there), and a second instance of this registry.
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

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(Distribution.StartAsync(), TlsDistribution.StartAsync(), Tokens.InitializeAsync().AsTask());
        _ = Peer.BaseUrl;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Peer.DisposeAsync();
        await Tokens.DisposeAsync();
        await TlsDistribution.DisposeAsync();
        await Distribution.DisposeAsync();
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
        [new(HostedRegistryEndpointsOptions.Section + ":DockerHubRegistry", Tokens.Registry.BaseAddress.ToString())];

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(Logs);
    }
}
