using ArtifactKeeper.Scanning.Adapter;
using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.Engine;

/// <summary>
/// The registry's own offline scanner: reads the artifact from this registry's stores (or, served through the
/// adapter API, from the registry a scan request names) and matches it against the vulnerability database in use.
/// </summary>
public sealed class BuiltInScanner(
    IPackageInventoryReader reader,
    IVulnerabilityDatabaseProvider databases,
    IArtifactMetadata manifests,
    IBlobStore blobs,
    TimeProvider clock) : IVulnerabilityScanner, IScannerDatabaseVersion, IAdapterScanEngine
{
    public ScannerIdentity Identity => ScannerIdentity.BuiltIn;

    public string DatabaseVersion => databases.Current.Version;

    public Task<string?> GetDatabaseVersionAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(DatabaseVersion);

    public Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ScanAsync(new LocalArtifactContent(subject.Repository, manifests, blobs), subject.Digest, cancellationToken);
    }

    /// <summary>Scans an artifact read through <paramref name="content"/> (this registry's stores, or a remote registry for the adapter server).</summary>
    public async Task<VulnerabilityReport> ScanAsync(IArtifactContent content, string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var database = databases.Current;
        ScanLogScope.Write($"Built-in scanner, vulnerability database {database.Version} ({database.RecordCount} records)");
        try
        {
            return await new ArtifactScanEngine(reader).ScanAsync(content, digest, database, Identity, clock.GetUtcNow(), cancellationToken);
        }
        catch (ArtifactContentException e)
        {
            throw new ScanFailedException(e.Message, e);
        }
    }
}
