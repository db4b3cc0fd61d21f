using System.Collections.Concurrent;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Tests.Http.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Tests.Http.Replication;

/// <summary>
/// A registry with the stand-in adapter catalog and remote registry factory (see RemoteRegistryDoubles.cs), a
/// registry endpoint usage the tests set, and every log event captured.
/// </summary>
public sealed class RegistriesFactory : RegistryFactory
{
    public LogCapture Logs { get; } = new();

    /// <summary>Endpoint id → what uses it, as the usage registered here reports.</summary>
    public ConcurrentDictionary<long, string> Uses { get; } = new();

    public StandInRemoteRegistryFactory Remotes => (StandInRemoteRegistryFactory)Services.GetRequiredService<IRemoteRegistryFactory>();

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(Logs);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IRegistryAdapterCatalog, StandInAdapterCatalog>();
            services.AddSingleton<IRemoteRegistryFactory, StandInRemoteRegistryFactory>();
            services.AddSingleton<IRegistryEndpointUsage>(new Usage(this));
        });
    }

    private sealed class Usage(RegistriesFactory owner) : IRegistryEndpointUsage
    {
        public Task<string?> FindUseAsync(long registryId, CancellationToken cancellationToken) =>
            Task.FromResult(owner.Uses.TryGetValue(registryId, out var use) ? use : null);
    }
}
