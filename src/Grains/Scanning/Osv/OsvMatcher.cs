using ArtifactKeeper.Scanning.Inventory;
using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// Matches installed packages against the index, one finding per (record, package instance):
/// <list type="bullet">
/// <item>the record's ecosystem string must equal the package's, release included ("Debian:12");</item>
/// <item>Debian, Ubuntu and Alpine packages are looked up by their source package and source version (their records
/// name source packages); other distros (Red Hat family records name binary rpms) by source and by binary name;</item>
/// <item>names compare as the ecosystem does (<see cref="OsvPackageKey"/>); Go versions lose a leading "v";</item>
/// <item>a package is affected when its version is in the entry's <c>versions[]</c> or in one of its SEMVER/ECOSYSTEM
/// ranges (<see cref="OsvRangeEvaluator"/>), the fixed version being that of the range that matched.</item>
/// </list>
/// Records sharing a CVE are not merged: each is its own finding.
/// </summary>
public static class OsvMatcher
{
    private static readonly HashSet<string> SourceNamedEcosystems = new(StringComparer.Ordinal) { "Debian", "Ubuntu", "Alpine", "Wolfi", "Chainguard" };

    public static IReadOnlyList<VulnerabilityFinding> Match(OsvDatabase database, IReadOnlyList<InstalledPackage> packages)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(packages);
        var findings = new List<VulnerabilityFinding>();
        if (database.RecordCount == 0)
        {
            return findings;
        }

        foreach (var package in packages)
        {
            var matches = new SortedDictionary<string, (OsvIndexEntry Entry, string? Fix)>(StringComparer.Ordinal);
            foreach (var (name, version) in LookupNames(package))
            {
                var candidate = MatchName(database, package.Ecosystem, name, version);
                foreach (var (id, match) in candidate)
                {
                    matches.TryAdd(id, match);
                }
            }

            findings.AddRange(matches.Values.Select(match => Finding(package, match.Entry, match.Fix)));
        }

        return findings;
    }

    /// <summary>The (name, version) pairs a package is looked up under, most specific first.</summary>
    internal static IEnumerable<(string Name, string Version)> LookupNames(InstalledPackage package)
    {
        var ecosystemBase = OsvPackageKey.BaseOf(package.Ecosystem);
        var version = ecosystemBase == "Go" ? StripV(package.Version) : package.Version;
        if (string.IsNullOrWhiteSpace(package.SourceName))
        {
            yield return (package.Name, version);
            yield break;
        }

        yield return (package.SourceName, string.IsNullOrWhiteSpace(package.SourceVersion) ? version : package.SourceVersion);
        if (!SourceNamedEcosystems.Contains(ecosystemBase) && !string.Equals(package.SourceName, package.Name, StringComparison.Ordinal))
        {
            yield return (package.Name, version);
        }
    }

    private static Dictionary<string, (OsvIndexEntry Entry, string? Fix)> MatchName(OsvDatabase database, string ecosystem, string name, string version)
    {
        var found = new Dictionary<string, (OsvIndexEntry Entry, string? Fix)>(StringComparer.Ordinal);
        var entries = database.Lookup(ecosystem, name);
        if (entries.Count == 0)
        {
            return found;
        }

        var ordering = VersionOrderings.ForEcosystem(ecosystem);
        foreach (var entry in entries)
        {
            if (!string.Equals(entry.Package.Ecosystem, ecosystem, StringComparison.Ordinal) || !IsAffected(entry.Package, version, ordering, out var fix))
            {
                continue;
            }

            // Several entries of one record may name the package; keep one, preferring one that names a fix.
            if (!found.TryGetValue(entry.Advisory.Id, out var existing) || (existing.Fix is null && fix is not null))
            {
                found[entry.Advisory.Id] = (entry, fix);
            }
        }

        return found;
    }

    /// <summary>In <c>versions[]</c> or in a range; the fix is that of the first range containing the version.</summary>
    internal static bool IsAffected(OsvAffectedPackage package, string version, IVersionOrdering? ordering, out string? fixedVersion)
    {
        fixedVersion = null;
        var affected = package.Versions.Any(listed => IsSameVersion(listed, version, ordering));
        foreach (var range in package.Ranges)
        {
            var rangeOrdering = range.Type == OsvRangeType.Semver ? SemVerOrdering.Instance : ordering;
            if (rangeOrdering is not null && OsvRangeEvaluator.Contains(range, version, rangeOrdering, out var fix))
            {
                fixedVersion = fix;
                return true;
            }
        }

        return affected;
    }

    private static bool IsSameVersion(string listed, string version, IVersionOrdering? ordering) =>
        string.Equals(listed, version, StringComparison.Ordinal) ||
        (ordering is not null && ordering.IsValid(listed) && ordering.IsValid(version) && ordering.Compare(listed, version) == 0);

    private static VulnerabilityFinding Finding(InstalledPackage package, OsvIndexEntry entry, string? fix)
    {
        var advisory = entry.Advisory;
        var (severity, cvss) = OsvSeverityRule.Resolve(advisory, entry.Package);
        return new VulnerabilityFinding(advisory.Id, package.Name, package.Version, fix, severity)
        {
            Description = advisory.Description,
            Links = advisory.Links,
            Aliases = advisory.Aliases,
            PreferredCvss = cvss,
            CweIds = advisory.CweIds.Concat(entry.Package.CweIds).Distinct(StringComparer.Ordinal).ToList(),
            Ecosystem = package.Ecosystem,
            PackagePath = package.FilePath,
            LayerDiffId = package.LayerDiffId,
            SourceName = package.SourceName,
            SourceVersion = package.SourceVersion,
            Purl = package.Purl,
        };
    }

    private static string StripV(string version) => version.Length > 1 && version[0] == 'v' && char.IsAsciiDigit(version[1]) ? version[1..] : version;
}
