namespace ArtifactKeeper.Storage.Blobs;

/// <summary>
/// Content-addressed byte storage. Blobs are addressed by digest (<c>sha256:&lt;hex&gt;</c>); open
/// uploads by upload id. Key and path layout is private to each backend. Every method streams:
/// no method buffers a whole blob in memory.
/// </summary>
public interface IBlobStore
{
    /// <summary>Size of a published blob, or null when the store does not hold it.</summary>
    Task<BlobStat?> StatAsync(string digest, CancellationToken cancellationToken);

    /// <summary>A seekable read stream over a published blob, or null when it is missing.</summary>
    Task<Stream?> OpenReadAsync(string digest, CancellationToken cancellationToken);

    /// <summary>
    /// Opens upload <paramref name="uploadId"/> for appending at <paramref name="offset"/>, creating it
    /// when <paramref name="offset"/> is 0. Bytes past <paramref name="offset"/> (left by a writer that
    /// died before its chunk was acknowledged) are discarded first.
    /// </summary>
    Task<IUploadWriter> OpenUploadAsync(string uploadId, long offset, CancellationToken cancellationToken);

    /// <summary>
    /// Hashes the whole upload (used when no writer in this process saw every byte).
    /// Returns null when the upload does not exist.
    /// </summary>
    Task<UploadDigest?> DigestUploadAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a verified upload the blob <paramref name="digest"/>, atomically and durably. When the
    /// blob already exists the upload is discarded instead.
    /// </summary>
    Task PublishAsync(string uploadId, string digest, CancellationToken cancellationToken);

    /// <summary>Removes an upload's bytes; no-op when absent.</summary>
    Task DeleteUploadAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>Removes a published blob; no-op when absent.</summary>
    Task DeleteAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Removes many published blobs (GC), in batches where the backend has them; absent ones are no error.</summary>
    Task DeleteManyAsync(IEnumerable<string> digests, CancellationToken cancellationToken);

    /// <summary>A URL the client can fetch the blob from directly, or null to have the gateway serve it.</summary>
    Task<Uri?> TryGetDownloadUrlAsync(string digest, CancellationToken cancellationToken);

    /// <summary>Published blob digests in ascending order after <paramref name="afterDigest"/> (GC sweep).</summary>
    IAsyncEnumerable<string> ListAsync(string? afterDigest, CancellationToken cancellationToken);

    /// <summary>
    /// When a published blob's bytes were last written, or null when the store does not hold it. The GC's orphan-bytes
    /// sweep keeps bytes younger than its window.
    /// </summary>
    Task<DateTimeOffset?> GetLastWrittenAsync(string digest, CancellationToken cancellationToken);
}

/// <summary>What the store knows of a published blob.</summary>
public sealed record BlobStat(string Digest, long Size);

/// <summary>Digest and size of an upload's bytes.</summary>
public sealed record UploadDigest(string Digest, long Size);
