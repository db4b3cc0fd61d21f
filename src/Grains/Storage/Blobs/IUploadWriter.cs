namespace ArtifactKeeper.Storage.Blobs;

/// <summary>
/// Appends to an open upload. <see cref="FlushAsync"/> makes the bytes written so far durable; the
/// caller acknowledges a chunk only after it. Disposing without flushing leaves the upload at its
/// last durable size as far as the caller is concerned (the next open truncates the rest).
/// </summary>
public interface IUploadWriter : IAsyncDisposable
{
    /// <summary>Size of the upload including bytes written through this writer.</summary>
    long Size { get; }

    /// <summary>
    /// The sha256 digest of the whole upload so far, when this writer (or an earlier one in this
    /// process) saw every byte from offset 0; otherwise null and the caller must use
    /// <see cref="IBlobStore.DigestUploadAsync"/>.
    /// </summary>
    string? CurrentDigest { get; }

    /// <summary>Streams <paramref name="source"/> to the end of the upload, hashing on the way.</summary>
    Task<long> AppendAsync(Stream source, long? maxBytes, CancellationToken cancellationToken);

    /// <summary>Flushes to durable storage.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
