using ArtifactKeeper.Storage.Blobs;
using ArtifactKeeper.Storage.Metadata;

namespace ArtifactKeeper.Scanning.Engine;

/// <summary>
/// The registry's own offline scanner: reads the artifact from this registry's stores and matches it against the
/// vulnerability database in use. Without an inventory reader or a database provider registered, every scan fails
/// with a message saying so (nothing is made up).
/// </summary>
public sealed class BuiltInScanner(
    IEnumerable<IPackageInventoryReader> readers,
    IEnumerable<IVulnerabilityDatabaseProvider> databases,
    IArtifactMetadata manifests,
    IBlobStore blobs,
    TimeProvider clock) : IVulnerabilityScanner, IScannerDatabaseVersion
{
    private readonly IPackageInventoryReader? _reader = readers.FirstOrDefault();
    private readonly IVulnerabilityDatabaseProvider? _database = databases.FirstOrDefault();

    public ScannerIdentity Identity => ScannerIdentity.BuiltIn;

    public Task<string?> GetDatabaseVersionAsync(CancellationToken cancellationToken) => Task.FromResult(_database?.Current.Version);

    public Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return ScanAsync(new LocalArtifactContent(subject.Repository, manifests, blobs), subject.Digest, cancellationToken);
    }

    /// <summary>Scans an artifact read through <paramref name="content"/> (this registry's stores, or a remote registry for the adapter server).</summary>
    public async Task<VulnerabilityReport> ScanAsync(IArtifactContent content, string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (_reader is null)
        {
            throw new ScanFailedException("the built-in scanner has no package inventory reader registered");
        }

        if (_database is null)
        {
            throw new ScanFailedException("the built-in scanner has no vulnerability database configured");
        }

        var database = _database.Current;
        ScanLogScope.Write($"Built-in scanner, vulnerability database {database.Version} ({database.RecordCount} records)");
        try
        {
            return await new ArtifactScanEngine(_reader).ScanAsync(content, digest, database, Identity, clock.GetUtcNow(), cancellationToken);
        }
        catch (ArtifactContentException e)
        {
            throw new ScanFailedException(e.Message, e);
        }
    }
}
