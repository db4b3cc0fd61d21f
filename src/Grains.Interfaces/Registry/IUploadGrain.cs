namespace ArtifactKeeper.Registry;

/// <summary>
/// One blob upload session, keyed by upload id. It orders chunks: a chunk must start at the
/// committed offset (else 416) and only one writer appends at a time, whichever gateway it runs on.
/// </summary>
[Alias("registry.upload")]
public interface IUploadGrain : IGrainWithStringKey
{
    [Alias("start")]
    Task<UploadInfo> StartAsync(string repository);

    /// <summary>The session, or null when it is unknown, finished, cancelled or expired.</summary>
    [Alias("get")]
    Task<UploadInfo?> GetAsync();

    /// <summary>
    /// Asks to append at <paramref name="start"/> (null: at the current offset). Refused with
    /// BlobUploadUnknown, RangeInvalid (offset gap or overlap) or BlobUploadInvalid (another writer busy).
    /// </summary>
    [Alias("begin-chunk")]
    Task<ChunkLease> TryBeginChunkAsync(long? start);

    /// <summary>Ends the lease; <paramref name="newOffset"/> is the durable size of the upload now.</summary>
    [Alias("end-chunk")]
    Task<UploadInfo?> EndChunkAsync(long newOffset);

    /// <summary>Closes the session after its bytes were published as a blob.</summary>
    [Alias("complete")]
    Task CompleteAsync();

    /// <summary>Cancels the session and removes its bytes.</summary>
    [Alias("cancel")]
    Task<bool> CancelAsync();
}
