using System.Collections.Concurrent;
using ArtifactKeeper.Replication;
using ArtifactKeeper.Replication.Transfer;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Tests.Http.Replication;

// Test doubles of IRegistryAdapterCatalog and IRemoteRegistryFactory, whose real classes (RegistryAdapterCatalog,
// RemoteRegistryFactory) are built by another piece of issue 10 in parallel. They are replaced by the real ones at
// integration; until then they keep the registries API tests to what that API itself does.

/// <summary>Every endpoint type; Docker Hub has a fixed URL; Harbor supports labels and copy by chunk.</summary>
public sealed class StandInAdapterCatalog : IRegistryAdapterCatalog
{
    private static readonly string[] Triggers = ["manual", "scheduled"];

    public IReadOnlyList<RegistryAdapterInfo> Adapters { get; } = RegistryEndpointTypes.All
        .Select(type => new RegistryAdapterInfo(
            type,
            $"{type} adapter",
            type == RegistryEndpointTypes.Harbor ? ["name", "tag", "label"] : ["name", "tag"],
            Triggers,
            type == RegistryEndpointTypes.Harbor,
            [RegistryCredentialTypes.Basic],
            type == RegistryEndpointTypes.DockerHub ? "https://hub.docker.com" : null))
        .ToList();

    public RegistryAdapterInfo? Find(string type) => Adapters.FirstOrDefault(a => a.Type == type);
}

/// <summary>
/// Opens endpoints as the real factory does (a stored one's secret unsealed with its name) and answers pings from
/// <see cref="Health"/> by URL (unhealthy when unknown). Remembers what each open received, so tests see the credential.
/// </summary>
public sealed class StandInRemoteRegistryFactory(IRegistryEndpointMetadata store, RegistryCredentialProtector protector) : IRemoteRegistryFactory
{
    public ConcurrentDictionary<string, RegistryHealth> Health { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(RegistryEndpoint Endpoint, RegistryCredential? Credential)> Opened { get; } = new();

    public async Task<IRemoteRegistry?> OpenAsync(long registryId, CancellationToken cancellationToken)
    {
        var stored = await store.GetRegistryEndpointAsync(registryId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var secret = await protector.UnprotectAsync(stored.SealedSecret, stored.Endpoint.Name, cancellationToken);
        var credential = stored.Endpoint.AccessKey is null ? null : new RegistryCredential(stored.Endpoint.CredentialType, stored.Endpoint.AccessKey, secret);
        return Open(stored.Endpoint, credential);
    }

    public IRemoteRegistry Open(RegistryEndpoint endpoint, RegistryCredential? credential)
    {
        Opened.Enqueue((endpoint, credential));
        return new Remote(endpoint, Health.TryGetValue(endpoint.Url, out var health) ? health : new RegistryHealth(false, "connection refused"));
    }

    private sealed class Remote(RegistryEndpoint endpoint, RegistryHealth health) : IRemoteRegistry
    {
        public RegistryEndpoint Endpoint => endpoint;

        public Task<RegistryHealth> PingAsync(CancellationToken cancellationToken) => Task.FromResult(health);

        public IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<string> ListTagsAsync(string repository, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OciManifest?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OciDescriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OciBlobContent?> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task PushBlobAsync(string repository, OciDescriptor blob, Stream content, long? chunkSize, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<string> PutManifestAsync(string repository, string reference, OciManifest manifest, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task PrepareRepositoryAsync(string repository, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OciReferrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
