using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Registry;

/// <summary>
/// Cancels upload sessions that nobody touched within <see cref="UploadOptions.Expiry"/>, through
/// their grains so a session that is being written is never pulled out from under its writer.
/// Running on every silo is harmless: cancelling twice is a no-op.
/// </summary>
public sealed class UploadJanitor(
    IUploadMetadata uploads,
    ArtifactKeeper.Storage.Blobs.IBlobStore blobStore,
    IGrainFactory grains,
    IOptions<UploadOptions> options,
    TimeProvider clock,
    ILogger<UploadJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Upload expiry sweep failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Cancels every expired upload; returns how many were cancelled.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Expiry;
        var cancelled = 0;
        while (true)
        {
            var stale = await uploads.ListStaleUploadsAsync(cutoff, 100, cancellationToken);
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
}
