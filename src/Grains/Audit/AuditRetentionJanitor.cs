using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Audit;

/// <summary>
/// Purges audit records older than <see cref="AuditOptions.RetentionDays"/> (0: keeps them). Runs on
/// every silo; deleting what another silo already deleted is a no-op.
/// </summary>
public sealed class AuditRetentionJanitor(
    IAuditMetadata store, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditRetentionJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionDays == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PurgeInterval, clock);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Audit log purge failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes the records past retention; returns how many (0 when retention is off).</summary>
    public async Task<long> PurgeAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        if (days == 0)
        {
            return 0;
        }

        var purged = await store.PurgeAuditLogsAsync(clock.GetUtcNow().AddDays(-days), cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Purged {Count} audit records older than {RetentionDays} days", purged, days);
        }

        return purged;
    }
}
