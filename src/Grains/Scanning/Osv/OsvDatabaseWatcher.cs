using ArtifactKeeper.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// Loads the OSV database in the background once the host has started (start-up does not wait for it), then checks
/// its source every <see cref="ScanningOptions.OsvDatabasePollInterval"/> and reloads it when it changed.
/// </summary>
public sealed class OsvDatabaseWatcher(
    OsvDatabaseProvider provider,
    IOptions<ScanningOptions> options,
    TimeProvider clock,
    ILogger<OsvDatabaseWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.OsvDatabasePollInterval, clock);
        do
        {
            try
            {
                await provider.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Checking the OSV database source failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
