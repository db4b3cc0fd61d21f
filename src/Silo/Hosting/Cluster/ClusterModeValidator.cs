using Microsoft.Extensions.Options;

namespace ArtifactKeeper.Hosting.Cluster;

/// <summary>
/// Cluster mode shares state between processes, so it refuses the embedded store: every silo and
/// gateway would otherwise open a private SQLite file and silently disagree.
/// </summary>
internal sealed class ClusterModeValidator(IOptions<MetadataStoreOptions> metadata) : IValidateOptions<ClusterModeOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterModeOptions options) =>
        metadata.Value.Provider == MetadataStoreProvider.PostgreSql
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ArtifactKeeperOptions.Section}:Mode is {DeploymentMode.Cluster}, which needs {MetadataStoreOptions.Section}:Provider " +
                $"{MetadataStoreProvider.PostgreSql} with a ConnectionString (membership, reminders and metadata live there).");
}
