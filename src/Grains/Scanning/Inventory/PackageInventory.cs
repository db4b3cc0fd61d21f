namespace ArtifactKeeper.Scanning.Inventory;

/// <summary>The operating system an image declares in /etc/os-release (ID, VERSION_ID, PRETTY_NAME).</summary>
public sealed record OperatingSystemInfo(string Id, string VersionId, string? PrettyName);

/// <summary>
/// One installed package instance. <see cref="Ecosystem"/> is OSV's ecosystem name, release included for distro
/// packages ("Debian:12", "Alpine:v3.18"; "npm", "PyPI", "Maven", "NuGet", "crates.io", "Go", "RubyGems").
/// Distro packages carry the source package they were built from (dpkg <c>Source:</c>, apk origin, rpm
/// source rpm) in <see cref="SourceName"/>/<see cref="SourceVersion"/>, which is what distro advisories name.
/// </summary>
public sealed record InstalledPackage(string Ecosystem, string Name, string Version)
{
    public string? SourceName { get; init; }

    public string? SourceVersion { get; init; }

    /// <summary>The file it was read from, rooted at "/".</summary>
    public string? FilePath { get; init; }

    /// <summary>diff_id of the layer holding the visible copy of <see cref="FilePath"/>.</summary>
    public string? LayerDiffId { get; init; }

    public string? Purl { get; init; }
}

/// <summary>What an image or SBOM contains: its OS (when known) and every installed package instance.</summary>
public sealed record PackageInventory(OperatingSystemInfo? OperatingSystem, IReadOnlyList<InstalledPackage> Packages)
{
    public static readonly PackageInventory Empty = new(null, []);

    /// <summary>What the reader skipped or could not read (oversized files, unreadable databases), for the scan log.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
