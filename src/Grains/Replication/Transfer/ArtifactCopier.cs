using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// Copies artifacts between any two <see cref="IOciRegistry"/>s (this one, a remote one). One instance serves every copy
/// of the process; it keeps only the bounded memory of where it recently put blobs, to mount rather than re-send them.
/// Each copy runs in its own <see cref="ArtifactCopyRun"/>. <c>bytesSent</c> receives the copy's running total of blob
/// bytes sent so far.
/// </summary>
public sealed class ArtifactCopier(RecentBlobLocations locations, TimeProvider clock, ILogger<ArtifactCopier> logger) : IArtifactCopier
{
    public async Task<ArtifactCopyResult> CopyAsync(ArtifactCopyRequest request, IProgress<long>? bytesSent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Source);
        ArgumentNullException.ThrowIfNull(request.Destination);
        ArgumentException.ThrowIfNullOrEmpty(request.SourceRepository);
        ArgumentException.ThrowIfNullOrEmpty(request.DestinationRepository);
        ArgumentException.ThrowIfNullOrEmpty(request.Digest);
        if (request.ChunkSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "ChunkSize must be positive or null.");
        }

        if (request.BytesPerSecond is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "BytesPerSecond must be positive or null.");
        }

        List<TokenBucket> buckets = request.BytesPerSecond is { } rate ? [new TokenBucket(rate, clock)] : [];
        if (request.SharedBandwidth is { } shared)
        {
            buckets.Add(shared);
        }

        var run = new ArtifactCopyRun(request, locations, buckets, bytesSent);
        var result = await run.RunAsync(cancellationToken);
        logger.LogInformation(
            "Copied {SourceRepository}@{Digest} to {DestinationRepository}: {Manifests} manifests put, {Pushed} blobs pushed, {Skipped} present, {Mounted} mounted, {Bytes} bytes, {TagsSkipped} tags left alone",
            request.SourceRepository, request.Digest, request.DestinationRepository,
            result.ManifestsPut, result.BlobsPushed, result.BlobsSkipped, result.BlobsMounted, result.BytesSent, result.TagsSkipped.Count);
        return result;
    }

    public async Task<bool> DeleteAsync(IOciRegistry destination, string repository, string digest, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ArgumentNullException.ThrowIfNull(tags);
        if (destination is IRemoteRegistry remote &&
            await remote.DeleteThroughServiceApiAsync(repository, digest, tags, cancellationToken) is { } deletedThroughApi)
        {
            if (deletedThroughApi)
            {
                logger.LogInformation("Deleted {Repository}@{Digest} (tags {Tags}) through the destination's service API", repository, digest, tags);
            }

            return deletedThroughApi;
        }

        if (!string.IsNullOrEmpty(digest) && await destination.HeadManifestAsync(repository, digest, cancellationToken) is not null)
        {
            return await destination.DeleteManifestAsync(repository, digest, cancellationToken);
        }

        // The destination may hold the artifact under another digest (a tag that moved since, or a re-encoded copy):
        // what the source's tags name there goes.
        var deleted = false;
        foreach (var tag in tags.Distinct(StringComparer.Ordinal))
        {
            if (await destination.HeadManifestAsync(repository, tag, cancellationToken) is { } named)
            {
                deleted |= await destination.DeleteManifestAsync(repository, named.Digest, cancellationToken);
            }
        }

        if (deleted)
        {
            logger.LogInformation("Deleted {Repository}@{Digest} (tags {Tags}) at the destination", repository, digest, tags);
        }

        return deleted;
    }
}
