using ArtifactKeeper.Storage.Blobs;

namespace ArtifactKeeper.Tests.Grain.Gc;

/// <summary>
/// The real blob store, except that the next batch deletes can be made to fail as an object store's outage would;
/// everything else passes straight through.
/// </summary>
public sealed class FlakyDeleteBlobStore(IBlobStore inner) : IBlobStore
{
    private int _failuresLeft;

    /// <summary>The next <paramref name="times"/> calls of <see cref="DeleteManyAsync"/> throw without deleting anything.</summary>
    public void FailNextBatchDeletes(int times) => Volatile.Write(ref _failuresLeft, times);

    public Task DeleteManyAsync(IEnumerable<string> digests, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new IOException("injected: the object store is unavailable");
        }

        Interlocked.Exchange(ref _failuresLeft, 0);
        return inner.DeleteManyAsync(digests, cancellationToken);
    }

    public Task<BlobStat?> StatAsync(string digest, CancellationToken cancellationToken) => inner.StatAsync(digest, cancellationToken);

    public Task<Stream?> OpenReadAsync(string digest, CancellationToken cancellationToken) => inner.OpenReadAsync(digest, cancellationToken);

    public Task<IUploadWriter> OpenUploadAsync(string uploadId, long offset, CancellationToken cancellationToken) =>
        inner.OpenUploadAsync(uploadId, offset, cancellationToken);

    public Task<UploadDigest?> DigestUploadAsync(string uploadId, CancellationToken cancellationToken) => inner.DigestUploadAsync(uploadId, cancellationToken);

    public Task PublishAsync(string uploadId, string digest, CancellationToken cancellationToken) => inner.PublishAsync(uploadId, digest, cancellationToken);

    public Task DeleteUploadAsync(string uploadId, CancellationToken cancellationToken) => inner.DeleteUploadAsync(uploadId, cancellationToken);

    public Task DeleteAsync(string digest, CancellationToken cancellationToken) => inner.DeleteAsync(digest, cancellationToken);

    public Task<Uri?> TryGetDownloadUrlAsync(string digest, CancellationToken cancellationToken) => inner.TryGetDownloadUrlAsync(digest, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string? afterDigest, CancellationToken cancellationToken) => inner.ListAsync(afterDigest, cancellationToken);

    public Task<DateTimeOffset?> GetLastWrittenAsync(string digest, CancellationToken cancellationToken) => inner.GetLastWrittenAsync(digest, cancellationToken);
}
