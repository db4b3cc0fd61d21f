using ArtifactKeeper.Hosting;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// Makes this silo follow the database imports made through the API (<see cref="OsvImportRequest"/> in the shared
/// settings): every <see cref="ScanningOptions.OsvDatabasePollInterval"/> it reads the request in force and, when
/// this silo has not carried it out yet, imports the artifact's zip layer from the shared stores. A request that
/// fails here (its artifact deleted since, say) is logged once and not retried until another one is made.
/// </summary>
public sealed class OsvImportFollower(
    OsvDatabaseProvider provider,
    IConfigurationMetadata settings,
    IArtifactMetadata manifests,
    IBlobStore blobs,
    IOptions<ScanningOptions> options,
    TimeProvider clock,
    ILogger<OsvImportFollower> logger) : BackgroundService
{
    private string? _failed;

    /// <summary>Carries out the request in force if this silo has not; true when the database was replaced.</summary>
    public async Task<bool> FollowAsync(CancellationToken cancellationToken)
    {
        var request = await OsvImportRequest.ReadAsync(settings, cancellationToken);
        if (request is null || request.Stamp == _failed)
        {
            return false;
        }

        var artifact = new OsvDatabaseArtifact(manifests, blobs);
        try
        {
            var database = await provider.FollowAsync(
                request.Stamp,
                async token => await artifact.OpenAsync(await artifact.FindAsync(request.Repository, request.Digest, isDigest: true, token), token),
                cancellationToken);
            if (database is not null)
            {
                logger.LogInformation("Imported the OSV database {Artifact} as requested through the API: version {Version}", request.Artifact, database.Version);
            }

            return database is not null;
        }
        catch (Exception ex) when (ex is OsvDatabaseException or OsvDatabaseArtifactNotFoundException or IOException)
        {
            _failed = request.Stamp;
            logger.LogWarning(ex, "The OSV database import of {Artifact} requested through the API failed on this silo; keeping version {Version}", request.Artifact, provider.Database.Version);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.OsvDatabasePollInterval, clock);
        do
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Checking for a requested OSV database import failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
