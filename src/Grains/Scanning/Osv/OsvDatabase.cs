using ArtifactKeeper.Scanning.Inventory;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// A loaded OSV database: the affected packages of its records indexed by (ecosystem base, normalised name), its
/// version (a hash of the records' content, "empty" when there are none) and what the load read.
/// </summary>
public sealed class OsvDatabase : IVulnerabilityDatabase
{
    public const string EmptyVersion = "empty";

    public static readonly OsvDatabase Empty = new(new Dictionary<OsvPackageKey, OsvIndexEntry[]>(), EmptyVersion, 0, OsvLoadStatistics.None);

    private readonly IReadOnlyDictionary<OsvPackageKey, OsvIndexEntry[]> _index;

    internal OsvDatabase(IReadOnlyDictionary<OsvPackageKey, OsvIndexEntry[]> index, string version, int recordCount, OsvLoadStatistics statistics)
    {
        _index = index;
        Version = version;
        RecordCount = recordCount;
        Statistics = statistics;
    }

    public string Version { get; }

    public int RecordCount { get; }

    public OsvLoadStatistics Statistics { get; }

    public IReadOnlyList<VulnerabilityFinding> Match(PackageInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        return OsvMatcher.Match(this, inventory.Packages);
    }

    /// <summary>The index entries for a package name in an ecosystem (release ignored here; the matcher compares it).</summary>
    internal IReadOnlyList<OsvIndexEntry> Lookup(string ecosystem, string name) =>
        _index.TryGetValue(OsvPackageKey.For(ecosystem, name), out var entries) ? entries : [];
}
