using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// The gateway with pull counting flushed only when a test asks (<see cref="FlushPullsAsync"/>), and the real metadata
/// store behind <see cref="CountingPullMetadata"/>, which only counts the batched writes it forwards.
/// </summary>
public class PullCountingRegistryFactory : RegistryFactory
{
    public CountingPullMetadata PullWrites => Services.GetRequiredService<CountingPullMetadata>();

    public IPullMetadata PullStore => Services.GetRequiredService<IMetadataStore>();

    /// <summary>Writes what the gateway counted so far, as the periodic flush would.</summary>
    public Task FlushPullsAsync() => Services.GetRequiredService<PullRecorder>().FlushAsync(TestContext.Current.CancellationToken);

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("ArtifactKeeper:Pulls:FlushInterval", "1.00:00:00")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(sp => new CountingPullMetadata(sp.GetRequiredService<IMetadataStore>()));
            services.AddSingleton<IPullMetadata>(sp => sp.GetRequiredService<CountingPullMetadata>());
        });
    }
}

/// <summary>Forwards to the real store and counts <see cref="IPullMetadata.RecordPullsAsync"/> calls; nothing else.</summary>
public sealed class CountingPullMetadata(IPullMetadata inner) : IPullMetadata
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    public Task RecordPullsAsync(IReadOnlyList<PullTally> pulls, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return inner.RecordPullsAsync(pulls, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, ArtifactPulls>> GetArtifactPullsAsync(
        string repository, IReadOnlyCollection<string> digests, CancellationToken cancellationToken) =>
        inner.GetArtifactPullsAsync(repository, digests, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> GetRepositoryPullCountsAsync(IReadOnlyCollection<string> repositories, CancellationToken cancellationToken) =>
        inner.GetRepositoryPullCountsAsync(repositories, cancellationToken);
}
