using ArtifactKeeper.Scanning.Inventory.Detectors;

namespace ArtifactKeeper.Scanning.Inventory.Sbom;

/// <summary>
/// Turns a purl into an OSV package: the ecosystem from the purl type (deb/apk/rpm releases from the distro
/// qualifier, else the SBOM's operating system), the name as OSV spells it (Maven "group:artifact", npm
/// "@scope/name", Go "module/path") and the source package of distro packages.
/// </summary>
public static class PurlEcosystems
{
    private static readonly Dictionary<string, string> Codenames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["buster"] = "10", ["bullseye"] = "11", ["bookworm"] = "12", ["trixie"] = "13", ["stretch"] = "9",
        ["bionic"] = "18.04", ["focal"] = "20.04", ["jammy"] = "22.04", ["noble"] = "24.04",
    };

    /// <summary>
    /// The package a purl names, or null for types without an OSV ecosystem. <paramref name="source"/> is the source
    /// package named outside the purl (Trivy's SrcName/SrcVersion properties), which wins over the purl's qualifiers.
    /// </summary>
    public static InstalledPackage? ToPackage(
        PackageUrl purl, OperatingSystemInfo? sbomOs, (string Name, string? Version)? source, string purlText)
    {
        if (purl.Version is null)
            return null;
        var version = purl.Version;
        InstalledPackage? package = purl.Type switch
        {
            "deb" => Distro(purl, sbomOs, WithEpoch(purl, version), source),
            "apk" => Distro(purl, sbomOs, version, source),
            "rpm" => Distro(purl, sbomOs, WithEpoch(purl, version), source),
            "npm" => new(LanguageEcosystems.Npm, purl.Namespace is null ? purl.Name : $"{purl.Namespace}/{purl.Name}", version),
            "pypi" => new(LanguageEcosystems.PyPI, purl.Name, version),
            "maven" => new(LanguageEcosystems.Maven, purl.Namespace is null ? purl.Name : $"{purl.Namespace}:{purl.Name}", version),
            "nuget" => new(LanguageEcosystems.NuGet, purl.Name, version),
            "cargo" => new(LanguageEcosystems.CratesIo, purl.Name, version),
            // The installed version keeps Go's "v" (as reported); the OSV matcher drops it when comparing.
            "golang" => new(LanguageEcosystems.Go, purl.Namespace is null ? purl.Name : $"{purl.Namespace}/{purl.Name}", version),
            "gem" => new(LanguageEcosystems.RubyGems, purl.Name, version),
            "composer" => new(LanguageEcosystems.Packagist, purl.Namespace is null ? purl.Name : $"{purl.Namespace}/{purl.Name}", version),
            _ => null,
        };
        return package is null ? null : package with { Purl = purlText };
    }

    private static InstalledPackage Distro(
        PackageUrl purl, OperatingSystemInfo? sbomOs, string version, (string Name, string? Version)? source)
    {
        var ecosystem = DistroEcosystem(purl, sbomOs);
        string sourceName, sourceVersion;
        if (source is { } named)
            (sourceName, sourceVersion) = (named.Name, named.Version ?? version);
        else if ((purl.Qualifier("source") ?? purl.Qualifier("upstream")) is { } qualifier)
            (sourceName, sourceVersion) = SourceFromQualifier(purl.Type, qualifier, version);
        else
            (sourceName, sourceVersion) = (purl.Name, version);
        return new InstalledPackage(ecosystem, purl.Name, version) { SourceName = sourceName, SourceVersion = sourceVersion };
    }

    private static (string, string) SourceFromQualifier(string type, string qualifier, string version)
    {
        if (type == "rpm" && SourceRpms.Split(qualifier) is { } srpm)
        {
            var colon = version.IndexOf(':', StringComparison.Ordinal);
            var epoch = colon > 0 ? version[..(colon + 1)] : "";
            return (srpm.Name, $"{epoch}{srpm.Version}-{srpm.Release}");
        }

        // "name" or "name@version" (some writers carry the source version in the qualifier)
        var at = qualifier.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? (qualifier[..at], qualifier[(at + 1)..]) : (qualifier, version);
    }

    /// <summary>"1:2.3-4" from a purl whose epoch is a qualifier (<c>epoch=1</c>) rather than part of the version.</summary>
    private static string WithEpoch(PackageUrl purl, string version)
        => purl.Qualifier("epoch") is { } epoch && epoch != "0" && !version.Contains(':', StringComparison.Ordinal)
            ? $"{epoch}:{version}"
            : version;

    private static string DistroEcosystem(PackageUrl purl, OperatingSystemInfo? sbomOs)
    {
        var kind = purl.Type switch { "deb" => DistroPackageKind.Dpkg, "apk" => DistroPackageKind.Apk, _ => DistroPackageKind.Rpm };
        var osId = (purl.Namespace ?? sbomOs?.Id ?? "").ToLowerInvariant();
        if (osId == "redhat")
            osId = "rhel";
        string? release = null;
        if (purl.Qualifier("distro") is { } distro)
        {
            // "debian-12", "debian-10.2", "3.18.4", "bookworm", "redhat-8.6", "alpine-3.18.4"
            var value = distro;
            var dash = value.LastIndexOf('-');
            if (dash > 0 && !char.IsAsciiDigit(value[0]))
            {
                if (osId.Length == 0)
                    osId = value[..dash].ToLowerInvariant();
                value = value[(dash + 1)..];
            }

            release = Codenames.TryGetValue(value, out var numbered) ? numbered : value;
        }
        else if (sbomOs is not null && (osId.Length == 0 || osId == sbomOs.Id))
            release = sbomOs.VersionId;

        if (osId.Length == 0)
            return OsEcosystems.Fallback(kind);
        return OsEcosystems.For(osId, release ?? "");
    }
}
