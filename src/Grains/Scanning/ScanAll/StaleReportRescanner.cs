using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ArtifactKeeper.Scanning.ScanAll;

/// <summary>
/// When the vulnerability database is replaced, reports made against the old one are stale: a scan-all pass limited
/// to artifacts scanned before rescans them through the same throttled path.
/// </summary>
public sealed class StaleReportRescanner(
    IEnumerable<IVulnerabilityDatabaseProvider> databases, IGrainFactory grains, ILogger<StaleReportRescanner> logger) : IHostedService
{
    private readonly IVulnerabilityDatabaseProvider? _database = databases.FirstOrDefault();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_database is not null)
        {
            _database.Changed += OnChanged;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_database is not null)
        {
            _database.Changed -= OnChanged;
        }

        return Task.CompletedTask;
    }

    private void OnChanged(object? sender, EventArgs e) => _ = RescanAsync();

    private async Task RescanAsync()
    {
        try
        {
            var started = await grains.GetGrain<IScanAllGrain>(IScanAllGrain.SingletonKey).StartAsync(ScanAllTriggers.DatabaseUpdate, null);
            logger.LogInformation("Vulnerability database changed: rescanning stale reports ({RunId}{Queued})", started.Run.RunId, started.AlreadyRunning ? ", after the running pass" : string.Empty);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Vulnerability database changed, but the rescan of stale reports could not be started");
        }
    }
}
