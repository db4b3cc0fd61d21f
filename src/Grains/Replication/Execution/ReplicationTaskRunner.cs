using System.Globalization;
using ArtifactKeeper.Replication.Transfer;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Execution;

/// <summary>One attempt of one task: opens the route's sides and copies (or deletes) the artifact through the copier.</summary>
public sealed class ReplicationTaskRunner(ReplicationSides sides, IArtifactCopier copier, IOptions<ReplicationOptions> options)
{
    /// <summary>
    /// Runs an attempt of a task of execution <paramref name="executionId"/> (whose tasks share the remote side's
    /// session) with <paramref name="targetBandwidth"/>, the bucket every task of the target shares (null: no aggregate
    /// limit). Answers a line for the log and the bytes sent; throws what the transfer threw.
    /// </summary>
    public async Task<(string Summary, long BytesSent)> RunAsync(
        ReplicationItem item, ReplicationRoute route, long executionId, IProgress<long>? progress, TokenBucket? targetBandwidth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(route);
        var (source, destination) = await sides.OpenAsync(route, executionId, cancellationToken);
        if (item.Operation == ReplicationOperation.Delete)
        {
            var deleted = await copier.DeleteAsync(destination, item.DestinationRepository, item.Digest, item.Tags, cancellationToken);
            return (deleted ? $"Deleted {item.DestinationRepository}@{item.Digest}" : $"Nothing to delete at {item.DestinationRepository}@{item.Digest}", 0);
        }

        var request = new ArtifactCopyRequest(
            source,
            item.SourceRepository,
            item.Digest,
            item.Tags,
            destination,
            item.DestinationRepository,
            route.Override,
            route.CopyByChunk ? options.Value.ChunkSize : null,
            route.SpeedKibPerSecond > 0 ? route.SpeedKibPerSecond * 1024L : null,
            targetBandwidth);
        var result = await copier.CopyAsync(request, progress, cancellationToken);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Copied {item.SourceRepository}@{item.Digest} to {item.DestinationRepository}: {result.ManifestsPut} manifests put, {result.BlobsPushed} blobs pushed, {result.BlobsMounted} mounted, {result.BlobsSkipped} already there, {result.BytesSent} bytes sent");
        if (result.TagsSkipped.Count > 0)
        {
            summary += $"; tags left alone (override is off): {string.Join(", ", result.TagsSkipped)}";
        }

        return (summary, result.BytesSent);
    }
}
