using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Registry;

/// <summary>
/// Cancels upload sessions nobody touched within <see cref="UploadOptions.Expiry"/>, through their grains so a session
/// being written is never pulled out from under its writer. Used by the periodic <see cref="UploadJanitor"/> and by
/// every GC run.
/// </summary>
public sealed class ExpiredUploadSweeper(
    IUploadMetadata uploads,
    IBlobStore blobStore,
    IGrainFactory grains,
    IOptions<UploadOptions> options,
    TimeProvider clock,
    ILogger<ExpiredUploadSweeper> logger)
{
    private const int PageSize = 100;

    /// <summary>Cancels every expired upload; returns how many were cancelled.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Expiry;
        var cancelled = 0;
        while (true)
        {
            var stale = await uploads.ListStaleUploadsAsync(cutoff, PageSize, cancellationToken);
            if (stale.Count == 0)
            {
                return cancelled;
            }

            foreach (var upload in stale)
            {
                if (!await grains.GetGrain<IUploadGrain>(upload.Id).CancelAsync())
                {
                    // The grain had no session (a stale row from a crash): drop the row directly.
                    await uploads.DeleteUploadAsync(upload.Id, cancellationToken);
                    await blobStore.DeleteUploadAsync(upload.Id, cancellationToken);
                }

                cancelled++;
            }

            logger.LogInformation("Cancelled {Count} expired uploads", stale.Count);
        }
    }

    /// <summary>How many uploads <see cref="SweepAsync"/> would cancel now, counting at most <paramref name="limit"/>.</summary>
    public async Task<int> CountAsync(int limit, CancellationToken cancellationToken) =>
        (await uploads.ListStaleUploadsAsync(clock.GetUtcNow() - options.Value.Expiry, limit, cancellationToken)).Count;
}
