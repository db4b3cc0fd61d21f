using ArtifactKeeper.Gc;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>The GC history: one row per run with its parameters, status, figures and log.</summary>
public interface IGcRunMetadata
{
    /// <summary>Records a new run (status Pending) and answers it with its id.</summary>
    Task<GcRun> CreateGcRunAsync(string trigger, GcParameters parameters, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces status, figures and update time of run <paramref name="id"/>; the log is appended to, never replaced.</summary>
    Task UpdateGcRunAsync(long id, GcJobStatus status, GcFigures figures, string? appendLog, DateTimeOffset at, CancellationToken cancellationToken);

    Task<GcRun?> GetGcRunAsync(long id, CancellationToken cancellationToken);

    /// <summary>The run's log text, or null when there is no such run.</summary>
    Task<string?> GetGcRunLogAsync(long id, CancellationToken cancellationToken);

    /// <summary>Runs newest first, one page, and the total.</summary>
    Task<(IReadOnlyList<GcRun> Runs, long Total)> ListGcRunsAsync(int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Marks runs left Pending or Running by a process that died as Error (called when the collector activates).</summary>
    Task<int> FailUnfinishedGcRunsAsync(string reason, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>
/// The mark queries of a GC run, answered by the store over all manifests and blobs at once (DESIGN §3: never by
/// activating every grain). Each lists one page in key order after a cursor, so a run over millions of rows keeps
/// bounded memory. What they find is only a candidate: the grains re-check it before anything changes.
/// </summary>
public interface IGcMetadata
{
    /// <summary>How many blobs (present or being deleted) and manifests there are.</summary>
    Task<GcInventory> CountGcInventoryAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Repository links of present blobs last touched before <paramref name="touchedBefore"/> that no manifest of that
    /// repository references, ordered by (digest, repository), after <paramref name="after"/>.
    /// </summary>
    Task<IReadOnlyList<BlobLink>> ListUnreferencedLinksAsync(DateTimeOffset touchedBefore, BlobLink? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Blob references of manifests with no link of that blob to the manifest's repository (drift), ordered by
    /// (digest, repository), after <paramref name="after"/>.
    /// </summary>
    Task<IReadOnlyList<BlobLink>> ListUnlinkedReferencesAsync(BlobLink? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Blobs no repository links, present and last touched before <paramref name="touchedBefore"/> or left Deleting by
    /// an earlier run, in digest order after <paramref name="afterDigest"/>.
    /// </summary>
    Task<IReadOnlyList<GcCandidate>> ListUnlinkedBlobsAsync(DateTimeOffset touchedBefore, string? afterDigest, int limit, CancellationToken cancellationToken);

    /// <summary>Repositories holding at least one untagged manifest pushed before <paramref name="pushedBefore"/>, in name order.</summary>
    Task<IReadOnlyList<string>> ListRepositoriesWithUntaggedAsync(DateTimeOffset pushedBefore, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Those of <paramref name="digests"/> that have a blob row (in any state), in no particular order; the orphan-bytes
    /// sweep asks this of each page of digests it lists in the blob store.
    /// </summary>
    Task<IReadOnlyList<string>> ListKnownBlobsAsync(IReadOnlyCollection<string> digests, CancellationToken cancellationToken);
}

/// <summary>A blob's link to a repository (or a manifest's reference to a blob from a repository).</summary>
public sealed record BlobLink(string Digest, string Repository);

/// <summary>A blob the sweep may delete.</summary>
public sealed record GcCandidate(string Digest, long Size, ArtifactKeeper.Registry.BlobState State);

/// <summary>What a run scans.</summary>
public sealed record GcInventory(long Blobs, long Manifests);
