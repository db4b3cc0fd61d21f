using ArtifactKeeper.Scanning.Inventory.Detectors;
using ArtifactKeeper.Scanning.Inventory.Layers;
using ArtifactKeeper.Scanning.Inventory.Sbom;

namespace ArtifactKeeper.Scanning.Inventory;

/// <summary>
/// The built-in inventory reader: flattens an image's layers (<see cref="LayerFlattener"/>), detects the OS and
/// reads every package file that stays visible; or reads an SBOM (<see cref="SbomDocumentReader"/>). Distro
/// packages take their ecosystem from the detected OS; every package carries the file it was read from and the
/// diff_id of the layer holding that file's visible copy.
/// </summary>
public sealed class PackageInventoryReader : IPackageInventoryReader
{
    private readonly LayerFlattener _flattener = new(new InventoryCapturePolicy());

    public async Task<PackageInventory> ReadLayersAsync(
        IReadOnlyList<LayerSource> layers, IArtifactContent content, CancellationToken cancellationToken)
    {
        var flattened = await _flattener.FlattenAsync(layers, content, cancellationToken);
        return Assemble(flattened);
    }

    public Task<PackageInventory> ReadSbomAsync(Stream document, CancellationToken cancellationToken)
        => SbomDocumentReader.ReadAsync(document, cancellationToken);

    /// <summary>The inventory of a flattened file set: OS from its identification files, packages from the rest.</summary>
    public static PackageInventory Assemble(FlattenedFiles flattened)
    {
        var os = OperatingSystemDetector.Detect(path => flattened.Resolve(path)?.Facts.Text);
        var packages = new List<InstalledPackage>();
        foreach (var file in flattened.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            if (file.LinkTarget is not null)
                continue;
            foreach (var package in file.Facts.Packages)
            {
                var ecosystem = DistroPlaceholders.KindOf(package.Ecosystem) is { } kind
                    ? os is null ? OsEcosystems.Fallback(kind) : OsEcosystems.For(os.Id, os.VersionId)
                    : package.Ecosystem;
                packages.Add(package with
                {
                    Ecosystem = ecosystem,
                    FilePath = "/" + file.Path + (package.FilePath ?? ""),
                    LayerDiffId = file.LayerDiffId,
                });
            }
        }

        return new PackageInventory(os, packages) { Notes = flattened.Notes };
    }
}
