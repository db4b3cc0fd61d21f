namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// Copies one artifact whole between registries: the manifest, every blob it names, index children, and its
/// accessories (signatures, SBOMs, attestations: referrers, or the <c>sha256-&lt;hex&gt;</c> tags where a registry has
/// no referrers API). Blobs the destination has are skipped by HEAD; mounts are tried within the destination; layers
/// stream, never buffered whole. Leaves are pushed before what names them, so a reader never sees a dangling manifest.
/// Retrying is the caller's job: a copy interrupted half-way is simply run again.
/// </summary>
public interface IArtifactCopier
{
    Task<ArtifactCopyResult> CopyAsync(ArtifactCopyRequest request, IProgress<long>? bytesSent, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the artifact at the destination (for <c>replicate_deletion</c>): the manifest with this digest, or the
    /// ones its tags name there (a hosted destination with its own deletion API, ECR, deletes through that: the tags, or the
    /// digest when none are named); false when nothing was there.
    /// </summary>
    Task<bool> DeleteAsync(IOciRegistry destination, string repository, string digest, IReadOnlyList<string> tags, CancellationToken cancellationToken);
}

/// <summary>
/// What to copy. <see cref="Override"/> false leaves a destination tag that names another digest alone (reported as
/// skipped). <see cref="ChunkSize"/> null pushes blobs whole; <see cref="BytesPerSecond"/> null is unlimited.
/// <see cref="SharedBandwidth"/> is the bucket all transfers to one target share (null: no aggregate limit); the
/// copy's blob bytes take from it as well as from its own <see cref="BytesPerSecond"/>.
/// </summary>
public sealed record ArtifactCopyRequest(
    IOciRegistry Source,
    string SourceRepository,
    string Digest,
    IReadOnlyList<string> Tags,
    IOciRegistry Destination,
    string DestinationRepository,
    bool Override,
    long? ChunkSize,
    long? BytesPerSecond,
    TokenBucket? SharedBandwidth = null);

/// <summary>What a copy did, for the task log and the benchmarks.</summary>
public sealed record ArtifactCopyResult(
    int ManifestsPut,
    int BlobsPushed,
    int BlobsSkipped,
    int BlobsMounted,
    long BytesSent,
    IReadOnlyList<string> TagsSkipped);
