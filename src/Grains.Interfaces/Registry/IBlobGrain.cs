namespace ArtifactKeeper.Registry;

/// <summary>
/// One content-addressed blob, keyed by digest (<c>sha256:&lt;hex&gt;</c>). Its turns are serialized,
/// so publishing an upload, linking it to a repository and deleting it can never interleave.
/// The grain moves files by name inside the blob store; bytes never travel through it.
/// </summary>
[Alias("registry.blob")]
public interface IBlobGrain : IGrainWithStringKey
{
    /// <summary>The blob's state, or null when it has never existed or is gone.</summary>
    [Alias("get")]
    Task<BlobInfo?> GetAsync();

    /// <summary>True when the blob is present and linked to <paramref name="repository"/>.</summary>
    [Alias("is-linked")]
    Task<bool> IsLinkedAsync(string repository);

    /// <summary>Up to <paramref name="limit"/> repositories the present blob is linked to, in ordinal order.</summary>
    [Alias("repositories")]
    Task<IReadOnlyList<string>> GetRepositoriesAsync(int limit);

    /// <summary>
    /// Publishes a verified upload (its bytes already hash to this grain's digest) as this blob and
    /// links it to <paramref name="repository"/>. Idempotent when the blob is already present.
    /// </summary>
    [Alias("try-publish")]
    Task<LinkOutcome> TryPublishAsync(string uploadId, long size, string repository);

    /// <summary>
    /// Links the present blob to <paramref name="repository"/> (cross-repository mount). With a
    /// <paramref name="sourceRepository"/>, the blob must be linked there already.
    /// </summary>
    [Alias("try-link")]
    Task<LinkOutcome> TryLinkAsync(string repository, string? sourceRepository);

    /// <summary>Removes the link from <paramref name="repository"/>; the bytes stay for GC to judge.</summary>
    [Alias("unlink")]
    Task<bool> UnlinkAsync(string repository);

    /// <summary>
    /// Deletes the blob if no repository links it and it was not touched within <paramref name="window"/>.
    /// </summary>
    [Alias("try-delete")]
    Task<DeleteOutcome> TryDeleteAsync(TimeSpan window);
}
