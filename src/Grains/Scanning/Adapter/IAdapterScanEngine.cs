namespace ArtifactKeeper.Scanning.Adapter;

/// <summary>
/// What the adapter server runs: a scanner that reads an artifact through any <see cref="IArtifactContent"/> (here a
/// remote registry) and reports on it. The built-in scanner (scan-core's engine over IPackageInventoryReader and
/// IVulnerabilityDatabaseProvider) is registered as this; without one the adapter server answers 503.
/// </summary>
public interface IAdapterScanEngine
{
    ScannerIdentity Identity { get; }

    /// <summary>The version of the database the next scan would use.</summary>
    string DatabaseVersion { get; }

    Task<VulnerabilityReport> ScanAsync(IArtifactContent content, string digest, CancellationToken cancellationToken);
}
