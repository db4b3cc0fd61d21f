namespace ArtifactKeeper.Storage.Schema;

/// <summary>
/// Which numbered migrations a database still needs, decided per version rather than "above the highest
/// recorded": branches that add migrations in parallel land out of order (a database at 1–5 and 7 still
/// needs 6), and a version table is the record of exactly which steps ran.
/// </summary>
public static class PendingMigrations
{
    /// <summary>
    /// The versions from <paramref name="available"/> not in <paramref name="applied"/>, in ascending order.
    /// Throws when two migrations share a version, which would make the record ambiguous.
    /// </summary>
    public static IReadOnlyList<int> Select(IEnumerable<int> available, IEnumerable<int> applied)
    {
        ArgumentNullException.ThrowIfNull(available);
        ArgumentNullException.ThrowIfNull(applied);
        var versions = available.ToList();
        var duplicate = versions.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two schema migrations share version {duplicate.Key}.");
        }

        var done = applied.ToHashSet();
        return versions.Where(v => !done.Contains(v)).Order().ToList();
    }
}
