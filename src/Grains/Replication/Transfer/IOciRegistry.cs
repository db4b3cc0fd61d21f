using System.Net;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// A registry as replication and the proxy cache see it: the distribution API's operations on repositories,
/// manifests, blobs and referrers. Remote registries speak it over HTTP (<see cref="IRemoteRegistry"/>); this registry
/// speaks it in-process. Repository names are as the caller knows them; a remote applies its type's namespace rules
/// (Docker Hub's <c>library/</c>) itself. Failures throw <see cref="OciRegistryException"/>; "not there" is null or false.
/// </summary>
public interface IOciRegistry
{
    /// <summary>Every repository name (the catalog, or the registry type's own listing).</summary>
    IAsyncEnumerable<string> ListRepositoriesAsync(CancellationToken cancellationToken);

    /// <summary>Every tag of the repository; none when the repository is unknown.</summary>
    IAsyncEnumerable<string> ListTagsAsync(string repository, CancellationToken cancellationToken);

    /// <summary>The manifest a tag or digest names (any manifest or index media type), or null.</summary>
    Task<OciManifest?> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken);

    /// <summary>The descriptor of the manifest a tag or digest names, without its bytes, or null.</summary>
    Task<OciDescriptor?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken);

    /// <summary>The blob's bytes as a stream the caller disposes, or null. Never buffered whole.</summary>
    Task<OciBlobContent?> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken);

    Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken);

    /// <summary>Links a blob from another repository of the same registry; false when the registry would not mount.</summary>
    Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a blob from <paramref name="content"/> (streamed; verified against <paramref name="blob"/>'s digest by the
    /// receiver). <paramref name="chunkSize"/> null pushes it in one request, else in PATCH chunks of that size.
    /// </summary>
    Task PushBlobAsync(string repository, OciDescriptor blob, Stream content, long? chunkSize, CancellationToken cancellationToken);

    /// <summary>Stores the manifest under <paramref name="reference"/> (a tag, or its digest); returns the digest stored.</summary>
    Task<string> PutManifestAsync(string repository, string reference, OciManifest manifest, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure the registry takes pushes to <paramref name="repository"/>: registries with projects (this one,
    /// Harbor) get the project created when it is missing; others do nothing.
    /// </summary>
    Task PrepareRepositoryAsync(string repository, CancellationToken cancellationToken);

    /// <summary>Deletes the manifest with this digest (and so its tags); false when it was not there.</summary>
    Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken);

    /// <summary>
    /// The manifests whose subject is <paramref name="digest"/>. <see cref="OciReferrers.Supported"/> false means the
    /// registry has no referrers API (distribution 2.8): callers use the <c>sha256-&lt;hex&gt;</c> tag fallback.
    /// </summary>
    Task<OciReferrers> GetReferrersAsync(string repository, string digest, CancellationToken cancellationToken);
}

/// <summary>A content descriptor: media type, digest, size. Artifact type and annotations only for referrers.</summary>
[GenerateSerializer, Immutable]
[Alias("replication.oci-descriptor")]
public sealed record OciDescriptor(
    [property: Id(0)] string MediaType,
    [property: Id(1)] string Digest,
    [property: Id(2)] long Size,
    [property: Id(3)] string? ArtifactType = null);

/// <summary>A manifest's exact bytes (never re-serialised: the digest is over these bytes) with its media type.</summary>
public sealed record OciManifest(string MediaType, string Digest, byte[] Content)
{
    public OciDescriptor Descriptor => new(MediaType, Digest, Content.LongLength);
}

/// <summary>An open blob; disposing it releases the connection or file.</summary>
public sealed class OciBlobContent(Stream content, long length) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    /// <summary>The blob's size in bytes.</summary>
    public long Length { get; } = length;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}

/// <summary>Referrers of a manifest, or that the registry has no referrers API.</summary>
public sealed record OciReferrers(bool Supported, IReadOnlyList<OciDescriptor> Manifests)
{
    public static OciReferrers Unsupported { get; } = new(false, []);
}

/// <summary>
/// A registry call that failed. <see cref="Transient"/> marks what a retry may cure (connection failures, timeouts,
/// 408, 429, 5xx); <see cref="RetryAfter"/> is the registry's own hint. <see cref="StatusCode"/> is null when no
/// response came. Messages never hold credentials.
/// </summary>
public sealed class OciRegistryException : Exception
{
    public OciRegistryException(string message, HttpStatusCode? statusCode, bool transient, string? errorCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Transient = transient;
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
    }

    public OciRegistryException()
        : this("The registry call failed.", null, transient: true)
    {
    }

    public OciRegistryException(string message)
        : this(message, null, transient: true)
    {
    }

    public OciRegistryException(string message, Exception inner)
        : this(message, null, transient: true, inner: inner)
    {
    }

    public HttpStatusCode? StatusCode { get; }

    public bool Transient { get; }

    /// <summary>The OCI error code of the response body (e.g. <c>DENIED</c>), when there was one.</summary>
    public string? ErrorCode { get; }

    public TimeSpan? RetryAfter { get; }
}
