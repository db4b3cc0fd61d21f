using ArtifactKeeper.Hosting;
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
    ExpiredUploadSweeper sweeper,
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
    public Task<int> SweepAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
