namespace ArtifactKeeper.Scanning.Versions;

/// <summary>Which version ordering an OSV ecosystem uses.</summary>
public static class VersionOrderings
{
    private static readonly Dictionary<string, IVersionOrdering> ByEcosystem = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Debian"] = DpkgVersionOrdering.Instance,
        ["Ubuntu"] = DpkgVersionOrdering.Instance,
        ["Alpine"] = ApkVersionOrdering.Instance,
        ["Wolfi"] = ApkVersionOrdering.Instance,
        ["Chainguard"] = ApkVersionOrdering.Instance,
        ["Red Hat"] = RpmVersionOrdering.Instance,
        ["Rocky Linux"] = RpmVersionOrdering.Instance,
        ["AlmaLinux"] = RpmVersionOrdering.Instance,
        ["SUSE"] = RpmVersionOrdering.Instance,
        ["openSUSE"] = RpmVersionOrdering.Instance,
        ["Mageia"] = RpmVersionOrdering.Instance,
        ["openEuler"] = RpmVersionOrdering.Instance,
        ["npm"] = SemVerOrdering.Instance,
        ["crates.io"] = SemVerOrdering.Instance,
        ["Go"] = SemVerOrdering.Instance,
        ["Hex"] = SemVerOrdering.Instance,
        ["PyPI"] = Pep440VersionOrdering.Instance,
        ["Maven"] = MavenVersionOrdering.Instance,
        ["NuGet"] = NuGetVersionOrdering.Instance,
        ["RubyGems"] = RubyGemsVersionOrdering.Instance,
    };

    /// <summary>Every ordering, one instance per scheme.</summary>
    public static IReadOnlyList<IVersionOrdering> AllOrderings { get; } =
        [.. ByEcosystem.Values.Distinct()];

    /// <summary>
    /// The ordering for an OSV ecosystem name; the release after ':' is ignored ("Debian:12" is "Debian").
    /// Null for ecosystems without an ordering here (GIT ranges, Packagist, ...).
    /// </summary>
    public static IVersionOrdering? ForEcosystem(string? osvEcosystem)
    {
        if (string.IsNullOrWhiteSpace(osvEcosystem))
            return null;
        var colon = osvEcosystem.IndexOf(':', StringComparison.Ordinal);
        var name = (colon >= 0 ? osvEcosystem[..colon] : osvEcosystem).Trim();
        return ByEcosystem.GetValueOrDefault(name);
    }
}
