using System.Globalization;
using ArtifactKeeper.Hosting;
using ArtifactKeeper.Projects;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Storage.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Replication.Transfer;

/// <summary>
/// Creates the project a replicated repository lands in when it is missing, as Harbor's replication does: private,
/// owned by the system admin, with the storage limit new projects get by default (the API-set
/// <c>storage_per_project</c>, else the configured default).
/// </summary>
public sealed class LocalProjectProvisioner(
    IGrainFactory grains,
    IConfigurationMetadata settings,
    IOptions<QuotaOptions> quota,
    ILogger<LocalProjectProvisioner> logger)
{
    /// <summary>The settings-table key the configuration API stores <c>storage_per_project</c> under.</summary>
    internal const string StoragePerProjectKey = "config.storage_per_project";

    public async Task EnsureAsync(string project, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IProjectGrain>(project);
        if (await grain.GetAsync() is not null)
        {
            return;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [ProjectMetadata.Public] = "false" };
        var limit = await DefaultStorageLimitAsync(cancellationToken);
        var created = await grain.TryCreateAsync(new CreateProjectRequest(RegistrySeeder.AdminUser, metadata, limit));
        if (created.Succeeded)
        {
            logger.LogInformation("Created project {Project} for replicated content", project);
            return;
        }

        // Another copy may have created it in between: that is the outcome we wanted.
        if (created.Error != RegistryError.ProjectAlreadyExists)
        {
            throw LocalRegistryErrors.Refused(created.Error, created.Message);
        }
    }

    private async Task<long> DefaultStorageLimitAsync(CancellationToken cancellationToken)
    {
        var stored = await settings.ListSettingsAsync(StoragePerProjectKey, cancellationToken);
        return stored.TryGetValue(StoragePerProjectKey, out var text) &&
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && StorageLimits.IsValid(limit)
            ? limit
            : quota.Value.DefaultStorageLimit;
    }
}
