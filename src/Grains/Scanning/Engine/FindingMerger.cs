namespace ArtifactKeeper.Scanning.Engine;

/// <summary>
/// Merges the findings of several scans (the children of an index) into one list: one finding per advisory, package,
/// version and file, in first-seen order.
/// </summary>
public static class FindingMerger
{
    public static IReadOnlyList<VulnerabilityFinding> Merge(IEnumerable<IReadOnlyList<VulnerabilityFinding>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var seen = new HashSet<(string, string, string, string, string)>();
        var merged = new List<VulnerabilityFinding>();
        foreach (var finding in lists.SelectMany(l => l))
        {
            if (seen.Add((finding.Id, finding.Package, finding.Version, finding.PackagePath ?? string.Empty, finding.Ecosystem ?? string.Empty)))
            {
                merged.Add(finding);
            }
        }

        return merged;
    }
}
