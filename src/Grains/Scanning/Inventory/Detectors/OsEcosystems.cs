using System.Globalization;

namespace ArtifactKeeper.Scanning.Inventory.Detectors;

/// <summary>
/// OSV ecosystem names of distro packages, release included: "Debian:12", "Alpine:v3.18", "Ubuntu:22.04",
/// "Rocky Linux:9", "AlmaLinux:9". Red Hat's OSV ecosystems name a CPE product stream ("Red Hat:rhel_aus:8.6::appstream"),
/// which os-release cannot tell, so RHEL packages get the bare "Red Hat" prefix for the matcher to compare with.
/// </summary>
public static class OsEcosystems
{
    public const string Debian = "Debian";
    public const string Ubuntu = "Ubuntu";
    public const string Alpine = "Alpine";
    public const string RedHat = "Red Hat";

    public static string For(string osId, string versionId)
    {
        var id = osId.ToLowerInvariant();
        var version = versionId.Trim();
        return id switch
        {
            "debian" => WithRelease(Debian, Major(version)),
            "ubuntu" => WithRelease(Ubuntu, version),
            "alpine" => version.Length == 0 ? Alpine : $"{Alpine}:v{MajorMinor(version)}",
            "rhel" or "redhat" => RedHat,
            "rocky" => WithRelease("Rocky Linux", Major(version)),
            "almalinux" or "alma" => WithRelease("AlmaLinux", Major(version)),
            "mariner" => WithRelease("Mariner", version),
            "azurelinux" => WithRelease("Azure Linux", version),
            "wolfi" => "Wolfi",
            "chainguard" => "Chainguard",
            "opensuse-leap" => WithRelease("openSUSE:Leap", version),
            _ => WithRelease(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(id), version),
        };
    }

    /// <summary>The ecosystem of a package manager when the OS is unknown.</summary>
    public static string Fallback(DistroPackageKind kind) => kind switch
    {
        DistroPackageKind.Dpkg => Debian,
        DistroPackageKind.Apk => Alpine,
        _ => RedHat,
    };

    private static string WithRelease(string name, string release) => release.Length == 0 ? name : $"{name}:{release}";

    private static string Major(string version)
    {
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? version : version[..dot];
    }

    private static string MajorMinor(string version)
    {
        var parts = version.Split('.');
        return parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : version;
    }
}

/// <summary>The distro package managers, whose packages take their ecosystem from the image's OS.</summary>
public enum DistroPackageKind
{
    Dpkg,
    Apk,
    Rpm,
}

/// <summary>Placeholder ecosystems that detectors give distro packages until the OS is known.</summary>
public static class DistroPlaceholders
{
    public const string Dpkg = "<dpkg>";
    public const string Apk = "<apk>";
    public const string Rpm = "<rpm>";

    public static DistroPackageKind? KindOf(string ecosystem) => ecosystem switch
    {
        Dpkg => DistroPackageKind.Dpkg,
        Apk => DistroPackageKind.Apk,
        Rpm => DistroPackageKind.Rpm,
        _ => null,
    };
}
