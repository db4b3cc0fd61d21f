using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Scanning.Osv;

/// <summary>
/// OSV's range rule for one SEMVER or ECOSYSTEM range: events sorted by version with <c>introduced: "0"</c> first,
/// then walked in order — <c>introduced</c> at or below the version opens, <c>fixed</c> at or below closes,
/// <c>last_affected</c> below closes (so it is inclusive) — and, when the range has <c>limit</c> events, the version
/// must be below one of them. An event whose version the ordering cannot read is left out; an installed version it
/// cannot read is in no range.
/// </summary>
public static class OsvRangeEvaluator
{
    /// <summary>
    /// True when <paramref name="version"/> is inside <paramref name="range"/>; <paramref name="fixedVersion"/> is then
    /// the <c>fixed</c> event closing the interval it is in (null when that interval is open or ends at <c>last_affected</c>).
    /// </summary>
    public static bool Contains(OsvRange range, string version, IVersionOrdering ordering, out string? fixedVersion)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(ordering);
        fixedVersion = null;
        if (!ordering.IsValid(version))
        {
            return false;
        }

        var events = range.Events
            .Where(e => IsZeroIntroduced(e) || e.Version == "*" || ordering.IsValid(e.Version))
            .ToList();
        events.Sort((a, b) => CompareEvents(a, b, ordering));

        var limits = events.Where(e => e.Kind == OsvEventKind.Limit).ToList();
        if (limits.Count > 0 && !limits.Any(limit => limit.Version == "*" || ordering.Compare(version, limit.Version) < 0))
        {
            return false;
        }

        var affected = false;
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case OsvEventKind.Introduced when IsZeroIntroduced(e) || ordering.Compare(version, e.Version) >= 0:
                    affected = true;
                    break;
                case OsvEventKind.Fixed when ordering.Compare(version, e.Version) >= 0:
                case OsvEventKind.LastAffected when ordering.Compare(version, e.Version) > 0:
                    affected = false;
                    break;
            }
        }

        if (!affected)
        {
            return false;
        }

        // The interval closes at the first fixed/last_affected event above the version (at or above for last_affected).
        foreach (var e in events)
        {
            if (e.Kind == OsvEventKind.Fixed && ordering.Compare(version, e.Version) < 0)
            {
                fixedVersion = e.Version;
                break;
            }

            if (e.Kind == OsvEventKind.LastAffected && ordering.Compare(version, e.Version) <= 0)
            {
                break;
            }
        }

        return true;
    }

    private static bool IsZeroIntroduced(OsvEvent e) => e.Kind == OsvEventKind.Introduced && e.Version == "0";

    /// <summary>Version order; "introduced 0" lowest and a "*" limit highest; on equal versions introduced comes first.</summary>
    private static int CompareEvents(OsvEvent a, OsvEvent b, IVersionOrdering ordering)
    {
        var byVersion = (IsZeroIntroduced(a), IsZeroIntroduced(b)) switch
        {
            (true, true) => 0,
            (true, false) => -1,
            (false, true) => 1,
            _ when a.Version == "*" || b.Version == "*" => (a.Version == "*" ? 1 : 0) - (b.Version == "*" ? 1 : 0),
            _ => ordering.Compare(a.Version, b.Version),
        };
        return byVersion != 0 ? byVersion : a.Kind.CompareTo(b.Kind);
    }
}
