using ArtifactKeeper.Scanning.Inventory;

namespace ArtifactKeeper.Scanning;

/// <summary>A manifest's bytes and media type, as stored.</summary>
public sealed record ManifestContent(string MediaType, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// Where a scanner reads an artifact from: this registry's own stores, or a remote registry over the
/// distribution API (the adapter server pulls the artifact named in a Harbor scan request).
/// </summary>
public interface IArtifactContent
{
    /// <summary>The manifest stored under <paramref name="digest"/>; throws <see cref="ArtifactContentException"/> when absent.</summary>
    Task<ManifestContent> GetManifestAsync(string digest, CancellationToken cancellationToken);

    /// <summary>A read stream over blob <paramref name="digest"/>; throws <see cref="ArtifactContentException"/> when absent.</summary>
    Task<Stream> OpenBlobAsync(string digest, CancellationToken cancellationToken);
}

/// <summary>An artifact's manifest or blob could not be read; the scan fails with this message.</summary>
public sealed class ArtifactContentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// What to scan: an artifact by digest in a repository ("project/name"), with its manifest media type.
/// </summary>
public sealed record ScanSubject(string Repository, string Digest, string MediaType);

/// <summary>
/// A scanner: the built-in one, or an external one reached through Harbor's adapter API. A scan that cannot
/// be done throws <see cref="ScannerUnavailableException"/> (the caller falls back) or
/// <see cref="ScanFailedException"/> (the artifact cannot be scanned).
/// </summary>
public interface IVulnerabilityScanner
{
    ScannerIdentity Identity { get; }

    Task<VulnerabilityReport> ScanAsync(ScanSubject subject, CancellationToken cancellationToken);
}

/// <summary>The scanner could not be reached or answered with a server error.</summary>
public sealed class ScannerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The scanner refused or failed the scan for a reason in the artifact itself.</summary>
public sealed class ScanFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A layer as the image manifest and config name it. <see cref="DiffId"/> (the uncompressed tar's digest, from
/// the config's rootfs) identifies it; <see cref="Digest"/> is the blob to open.
/// </summary>
public sealed record LayerSource(string Digest, string MediaType, long Size, string? DiffId);

/// <summary>Reads the installed packages out of an image's layers (flattened, whiteouts honoured) or an SBOM.</summary>
public interface IPackageInventoryReader
{
    /// <summary>Layers are given bottom first, as in the manifest; each is opened once, as a stream.</summary>
    Task<PackageInventory> ReadLayersAsync(
        IReadOnlyList<LayerSource> layers, IArtifactContent content, CancellationToken cancellationToken);

    /// <summary>A CycloneDX or SPDX JSON document; throws <see cref="ScanFailedException"/> when it is neither.</summary>
    Task<PackageInventory> ReadSbomAsync(Stream document, CancellationToken cancellationToken);
}

/// <summary>A loaded vulnerability database: matches an inventory's packages against its advisories.</summary>
public interface IVulnerabilityDatabase
{
    /// <summary>Changes whenever the content changes (a hash of the records), so reports can be cached by it.</summary>
    string Version { get; }

    int RecordCount { get; }

    IReadOnlyList<VulnerabilityFinding> Match(PackageInventory inventory);
}

/// <summary>The database in use now; replaced when its source changes or a new one is imported.</summary>
public interface IVulnerabilityDatabaseProvider
{
    IVulnerabilityDatabase Current { get; }

    /// <summary>Raised after <see cref="Current"/> is replaced (scans of older versions become stale).</summary>
    event EventHandler? Changed;
}

/// <summary>
/// Chooses the scanner for a scan: the named registration, else the project's, else the default one (the
/// built-in scanner unless an external one is made default).
/// </summary>
public interface IScannerResolver
{
    Task<IVulnerabilityScanner> ResolveAsync(string project, string? scannerId, CancellationToken cancellationToken);
}
