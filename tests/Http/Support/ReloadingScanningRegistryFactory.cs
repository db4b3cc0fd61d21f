namespace ArtifactKeeper.Tests.Http.Support;

/// <summary>
/// <see cref="ScanningRegistryFactory"/> whose OSV watcher looks at the folder five times a second, so a test that
/// writes a record into <see cref="ScanningRegistryFactory.OsvFolder"/> sees the database reload promptly.
/// </summary>
public sealed class ReloadingScanningRegistryFactory : ScanningRegistryFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. base.Settings, new("ArtifactKeeper:Scanning:OsvDatabasePollInterval", "00:00:00.200")];
}
