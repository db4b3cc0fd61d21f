using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;

namespace ArtifactKeeper.Tests.Grain.Replication;

/// <summary>
/// A side of a route the stand-in copier never talks to: only its identity matters (which registry a task opened).
/// Stands in for LocalOciRegistry and the remote registries, built by other pieces in parallel.
/// </summary>
public sealed class InertRegistry(string name, RegistryEndpoint? endpoint = null) : IRemoteRegistry
{
    public string Name { get; } = name;

    public RegistryEndpoint Endpoint => endpoint ?? throw new NotSupportedException();

    public Task<RegistryHealth> PingAsync(CancellationToken cancellationToken) => Task.FromResult(RegistryHealth.Ok);

    public IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<string> ListTagsAsync(string repository, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OciManifest?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OciDescriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OciBlobContent?> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PushBlobAsync(string repository, OciDescriptor blob, Stream content, long? chunkSize, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> PutManifestAsync(string repository, string reference, OciManifest manifest, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task PrepareRepositoryAsync(string repository, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OciReferrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>Opens every endpoint id as an <see cref="InertRegistry"/> named after it, except <see cref="Missing"/>.</summary>
public sealed class StandInRemoteRegistries : IRemoteRegistryFactory
{
    /// <summary>An endpoint id with no stored endpoint.</summary>
    public const long Missing = 404;

    public Task<IRemoteRegistry?> OpenAsync(long registryId, CancellationToken cancellationToken) =>
        Task.FromResult<IRemoteRegistry?>(registryId == Missing ? null : new InertRegistry("remote-" + registryId));

    public IRemoteRegistry Open(RegistryEndpoint endpoint, RegistryCredential? credential) => throw new NotSupportedException();
}
