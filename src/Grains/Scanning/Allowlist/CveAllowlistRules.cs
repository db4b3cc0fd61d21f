using System.Globalization;

namespace ArtifactKeeper.Scanning.Allowlist;

/// <summary>
/// What an allowlist change may contain and how it becomes stored entries: CVE ids are trimmed, non-empty, free of
/// whitespace, at most <see cref="MaxCveIdLength"/> characters and unique ignoring case (Harbor refuses empty and
/// duplicate ids); a justification is optional unless required, at most <see cref="MaxJustificationLength"/>
/// characters. Creator and time are stamped by the server: an entry keeps its stamp while its id, justification and
/// expiry stay the same, and gets a new one otherwise.
/// </summary>
public static class CveAllowlistRules
{
    public const int MaxCveIdLength = 128;
    public const int MaxJustificationLength = 2048;
    public const int MaxItems = 10_000;

    /// <summary>The normalized entries, or the first problem found (nothing is half applied).</summary>
    public static bool TryNormalize(
        IReadOnlyList<CveAllowlistEntry> entries, bool requireJustification, out IReadOnlyList<CveAllowlistEntry> normalized, out string? error)
    {
        ArgumentNullException.ThrowIfNull(entries);
        normalized = [];
        if (entries.Count > MaxItems)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"an allowlist holds at most {MaxItems} CVE ids");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<CveAllowlistEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry is null)
            {
                error = "an allowlist item must be an object with a cve_id";
                return false;
            }

            var id = entry.CveId?.Trim() ?? string.Empty;
            if (id.Length == 0)
            {
                error = "empty CVE ID in the allowlist";
                return false;
            }

            if (id.Length > MaxCveIdLength || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                error = $"invalid CVE ID '{Shorten(id)}': use one id without spaces, at most {MaxCveIdLength} characters";
                return false;
            }

            if (!seen.Add(id))
            {
                error = $"duplicate CVE ID {id} in the allowlist";
                return false;
            }

            var justification = string.IsNullOrWhiteSpace(entry.Justification) ? null : entry.Justification.Trim();
            if (justification is null && requireJustification)
            {
                error = $"a justification is required for {id} (ArtifactKeeper:Scanning:RequireJustification is on)";
                return false;
            }

            if (justification is { Length: > MaxJustificationLength })
            {
                error = $"the justification of {id} is longer than {MaxJustificationLength} characters";
                return false;
            }

            result.Add(new CveAllowlistEntry(id, justification, entry.ExpiresAt));
        }

        normalized = result;
        error = null;
        return true;
    }

    /// <summary>The stored entries for a whole new list, keeping the stamps of entries that did not change.</summary>
    public static IReadOnlyList<CveAllowlistItem> Stamp(
        IReadOnlyList<CveAllowlistItem> previous, IReadOnlyList<CveAllowlistEntry> entries, string actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(entries);
        var before = previous
            .GroupBy(item => item.CveId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.OrdinalIgnoreCase);
        return [.. entries.Select(entry =>
            before.TryGetValue(entry.CveId, out var old) && Same(old, entry)
                ? old with { CveId = entry.CveId }
                : new CveAllowlistItem(entry.CveId, entry.Justification, entry.ExpiresAt, actor, at))];
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="additions"/> added: an addition replaces the entry of the same
    /// CVE id in place, the others are appended in order.
    /// </summary>
    public static IReadOnlyList<CveAllowlistEntry> Merge(IReadOnlyList<CveAllowlistItem> current, IReadOnlyList<CveAllowlistEntry> additions)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(additions);
        var added = additions.ToDictionary(entry => entry.CveId, StringComparer.OrdinalIgnoreCase);
        var merged = current
            .Select(item => added.Remove(item.CveId, out var replacement)
                ? replacement
                : new CveAllowlistEntry(item.CveId, item.Justification, item.ExpiresAt))
            .ToList();
        merged.AddRange(additions.Where(entry => added.ContainsKey(entry.CveId)));
        return merged;
    }

    private static bool Same(CveAllowlistItem item, CveAllowlistEntry entry) =>
        string.Equals(item.Justification, entry.Justification, StringComparison.Ordinal) && item.ExpiresAt == entry.ExpiresAt;

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
