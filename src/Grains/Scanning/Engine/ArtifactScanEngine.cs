using System.Globalization;
using ArtifactKeeper.Registry.Artifacts;

namespace ArtifactKeeper.Scanning.Engine;

/// <summary>
/// Scans one artifact read through an <see cref="IArtifactContent"/> into a report: an image's layers (paired with the
/// config's diff_ids) become an inventory, an SBOM's document becomes one, an index is scanned child by child with the
/// findings merged; the inventory is matched against the database. Anything else fails as not scannable.
/// </summary>
public sealed class ArtifactScanEngine(IPackageInventoryReader inventory)
{
    /// <summary>The largest image config read (configs are small; a huge one is not an image config).</summary>
    public const int MaxConfigBytes = 8 * 1024 * 1024;

    /// <summary>How deep indexes may nest (an index of indexes of images).</summary>
    private const int MaxDepth = 3;

    public async Task<VulnerabilityReport> ScanAsync(
        IArtifactContent content, string digest, IVulnerabilityDatabase database, ScannerIdentity scanner, DateTimeOffset generatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(scanner);
        var findings = await ScanManifestAsync(content, digest, database, 0, cancellationToken);
        return new VulnerabilityReport(digest, scanner, database.Version, generatedAt, findings);
    }

    private async Task<IReadOnlyList<VulnerabilityFinding>> ScanManifestAsync(
        IArtifactContent content, string digest, IVulnerabilityDatabase database, int depth, CancellationToken cancellationToken)
    {
        var manifest = await content.GetManifestAsync(digest, cancellationToken);
        var target = ScanTargetClassifier.Classify(manifest.MediaType, manifest.Bytes.Span);
        switch (target.Kind)
        {
            case ScanTargetKind.Image:
                return await ScanImageAsync(content, digest, target, database, cancellationToken);
            case ScanTargetKind.Sbom:
                return await ScanSbomAsync(content, digest, target.Document!, database, cancellationToken);
            case ScanTargetKind.Index when depth < MaxDepth:
                var children = new List<IReadOnlyList<VulnerabilityFinding>>();
                foreach (var child in target.Children)
                {
                    ScanLogScope.Write($"Scanning child {child.Digest} of index {digest}");
                    children.Add(await ScanManifestAsync(content, child.Digest, database, depth + 1, cancellationToken));
                }

                var merged = FindingMerger.Merge(children);
                ScanLogScope.Write(string.Create(CultureInfo.InvariantCulture, $"Index {digest}: {target.Children.Count} children, {merged.Count} findings after merging"));
                return merged;
            case ScanTargetKind.Index:
                throw new ScanFailedException($"index {digest} nests indexes deeper than {MaxDepth} levels");
            default:
                throw new ScanFailedException($"not scannable: {target.Reason}");
        }
    }

    private async Task<IReadOnlyList<VulnerabilityFinding>> ScanImageAsync(
        IArtifactContent content, string digest, ScanTarget target, IVulnerabilityDatabase database, CancellationToken cancellationToken)
    {
        var diffIds = await ReadDiffIdsAsync(content, target.Config!, cancellationToken);
        var layers = ImageConfigDiffIds.Pair(target.Layers, diffIds);
        var packages = await inventory.ReadLayersAsync(layers, content, cancellationToken);
        return Match(digest, packages, database);
    }

    private async Task<IReadOnlyList<VulnerabilityFinding>> ScanSbomAsync(
        IArtifactContent content, string digest, ContentDescriptor document, IVulnerabilityDatabase database, CancellationToken cancellationToken)
    {
        await using var stream = await content.OpenBlobAsync(document.Digest, cancellationToken);
        var packages = await inventory.ReadSbomAsync(stream, cancellationToken);
        return Match(digest, packages, database);
    }

    private static IReadOnlyList<VulnerabilityFinding> Match(string digest, Inventory.PackageInventory packages, IVulnerabilityDatabase database)
    {
        var os = packages.OperatingSystem is { } system ? $"{system.Id} {system.VersionId}" : "unknown";
        var byEcosystem = string.Join(", ", packages.Packages.GroupBy(p => p.Ecosystem).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        ScanLogScope.Write(string.Create(CultureInfo.InvariantCulture, $"{digest}: OS {os}, {packages.Packages.Count} packages ({byEcosystem})"));
        var findings = database.Match(packages);
        ScanLogScope.Write(string.Create(CultureInfo.InvariantCulture, $"{digest}: {findings.Count} findings"));
        return findings;
    }

    private static async Task<IReadOnlyList<string>> ReadDiffIdsAsync(IArtifactContent content, ContentDescriptor config, CancellationToken cancellationToken)
    {
        if (config.Size > MaxConfigBytes)
        {
            throw new ScanFailedException($"the image config {config.Digest} is larger than {MaxConfigBytes} bytes");
        }

        await using var stream = await content.OpenBlobAsync(config.Digest, cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxConfigBytes)
            {
                throw new ScanFailedException($"the image config {config.Digest} is larger than {MaxConfigBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return ImageConfigDiffIds.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
