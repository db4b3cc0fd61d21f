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
    /// Removes the link from <paramref name="repository"/> only when the blob was not touched (published or linked
    /// anywhere) within <paramref name="window"/>; the GC's way to drop links no manifest uses, which an upload whose
    /// manifest is still on its way may be about to use.
    /// </summary>
    [Alias("try-unlink-idle")]
    Task<bool> TryUnlinkIdleAsync(string repository, TimeSpan window);

    /// <summary>
    /// Links the present blob to <paramref name="repository"/> again where a manifest there references it but the link
    /// went missing (reference drift the GC found); false when the blob itself is not present.
    /// </summary>
    [Alias("restore-link")]
    Task<bool> RestoreLinkAsync(string repository);

    /// <summary>
    /// Step one of a GC delete (DESIGN invariant 4): when no repository links the blob and it was not touched within
    /// <paramref name="window"/>, marks it Deleting, after which links and publishes are refused (the client uploads
    /// again), and answers Deleted with its size. The caller then removes the bytes and calls
    /// <see cref="CompleteDeleteAsync"/>. A blob already Deleting (a run died half-way) answers Deleted again.
    /// </summary>
    [Alias("try-begin-delete")]
    Task<BeginDeleteResult> TryBeginDeleteAsync(TimeSpan window);

    /// <summary>Step two: the bytes are gone, so the row goes too; false unless the blob was Deleting.</summary>
    [Alias("complete-delete")]
    Task<bool> CompleteDeleteAsync();

    /// <summary>
    /// The GC's orphan-bytes sweep: bytes in the blob store with no row (a process died between publishing an upload and
    /// writing the row). Bytes appear only in this grain's turns, which write the row in the same turn, so a blob this
    /// grain holds no row for has no publish in flight. When the bytes were last written before <paramref name="window"/>
    /// they are deleted (unless <paramref name="dryRun"/>) and the answer is Deleted with their size; a blob with a row
    /// answers StillReferenced (the mark-and-sweep judges it), young bytes RecentlyTouched, absent ones AlreadyGone.
    /// </summary>
    [Alias("try-delete-orphan-bytes")]
    Task<BeginDeleteResult> TryDeleteOrphanBytesAsync(TimeSpan window, bool dryRun);
}
