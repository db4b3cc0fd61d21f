namespace ArtifactKeeper.Replication.Transfer;

/// <summary>A registry endpoint opened with its credential: the distribution API plus the endpoint's health.</summary>
public interface IRemoteRegistry : IOciRegistry
{
    RegistryEndpoint Endpoint { get; }

    /// <summary>Checks that the registry answers and the credential is accepted (Harbor's ping).</summary>
    Task<RegistryHealth> PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The repositories, listed as far as <paramref name="hint"/> (a policy's name filter) says they can matter: for
    /// registries that cannot list everything at once. Registries that can ignore it.
    /// </summary>
    IAsyncEnumerable<string> ListRepositoriesAsync(RepositoryListingHint hint, CancellationToken cancellationToken) =>
        ListRepositoriesAsync(cancellationToken);

    /// <summary>
    /// Part of a blob: a GET with <paramref name="range"/> (one <c>bytes=…</c> range) answered 206. Null when the registry
    /// answered anything else (no such blob, the range ignored or unsatisfiable): the caller gets the part another way.
    /// The bytes cannot be checked against the digest; only a whole blob can.
    /// </summary>
    Task<OciBlobPart?> OpenBlobRangeAsync(string repository, string digest, string range, CancellationToken cancellationToken) =>
        Task.FromResult<OciBlobPart?>(null);

    /// <summary>
    /// Deletes a replicated deletion through the hosted service's own API where the registry type has one (ECR's
    /// <c>BatchDeleteImage</c>): the <paramref name="tags"/>, or the manifest <paramref name="digest"/> when no tag is
    /// named. Answers whether something was deleted; null when the type deletes through the distribution API instead.
    /// </summary>
    Task<bool?> DeleteThroughServiceApiAsync(string repository, string digest, IReadOnlyList<string> tags, CancellationToken cancellationToken) =>
        Task.FromResult<bool?>(null);
}

/// <summary>
/// A part of a blob as a registry answered a range: its bytes, <c>Content-Range</c> and length. Disposing it disposes
/// <paramref name="owner"/> too (the HTTP response the bytes come from).
/// </summary>
public sealed class OciBlobPart(Stream content, string contentRange, long length, IDisposable? owner = null) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    /// <summary>The registry's <c>Content-Range</c>, <c>bytes first-last/size</c>.</summary>
    public string ContentRange { get; } = contentRange;

    /// <summary>The part's length in bytes.</summary>
    public long Length { get; } = length;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        owner?.Dispose();
    }
}

/// <summary>A ping's outcome: <see cref="Healthy"/>, or why not, worded for the user.</summary>
public sealed record RegistryHealth(bool Healthy, string? Problem)
{
    public static RegistryHealth Ok { get; } = new(true, null);

    /// <summary>Harbor's status word for this outcome.</summary>
    public string Status => Healthy ? "healthy" : "unhealthy";
}

/// <summary>
/// Opens registry endpoints: stored ones by id (credential unsealed here, never handed elsewhere), and unsaved ones for
/// Harbor's ping-before-create. Opening contacts nothing; the first call does. Per-type authentication (basic, bearer
/// token flow, ECR authorization tokens) and namespace rules live behind this.
/// </summary>
public interface IRemoteRegistryFactory
{
    /// <summary>The stored endpoint, opened; null when there is no endpoint with this id.</summary>
    Task<IRemoteRegistry?> OpenAsync(long registryId, CancellationToken cancellationToken);

    /// <summary>An endpoint that is not (or not yet) stored, with its credential in the clear.</summary>
    IRemoteRegistry Open(RegistryEndpoint endpoint, RegistryCredential? credential);
}

/// <summary>What a registry type supports, for <c>/replication/adapterinfos</c> and <c>/registries/{id}/info</c>.</summary>
public sealed record RegistryAdapterInfo(
    string Type,
    string Description,
    IReadOnlyList<string> SupportedResourceFilters,
    IReadOnlyList<string> SupportedTriggers,
    bool SupportsCopyByChunk,
    IReadOnlyList<string> CredentialTypes,
    string? DefaultUrl);

/// <summary>The registry types this build can talk to and what each supports.</summary>
public interface IRegistryAdapterCatalog
{
    IReadOnlyList<RegistryAdapterInfo> Adapters { get; }

    RegistryAdapterInfo? Find(string type);
}
