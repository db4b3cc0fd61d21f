using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.HarborApi.Artifacts;

/// <summary>
/// Harbor's <c>q=labels=...</c> on an artifact list: <c>labels=3</c> one label, <c>labels=(1 2)</c> artifacts
/// carrying all of them, <c>labels={1 2}</c> carrying any. The store turns it into the matching digests, which
/// then narrow the list as a digest filter does (and meet a digest filter of the same query).
/// </summary>
public sealed record ArtifactLabelFilter(IReadOnlyList<long> LabelIds, bool MatchAll)
{
    public static bool TryParse(QueryValue value, out ArtifactLabelFilter? filter, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        filter = null;
        error = null;
        var (texts, matchAll) = value switch
        {
            ExactValue e => ([e.Value], true),
            AndListValue a => (a.Values, true),
            OrListValue o => (o.Values, false),
            _ => ((IReadOnlyList<string>?)null, false),
        };
        if (texts is null)
        {
            error = "labels takes a label id, (id id ...) for all of them or {id id ...} for any of them";
            return false;
        }

        var ids = new List<long>(texts.Count);
        foreach (var text in texts)
        {
            if (!HarborIds.TryParse(text, out var id))
            {
                error = $"labels: '{text}' is not a label id";
                return false;
            }

            ids.Add(id);
        }

        filter = new ArtifactLabelFilter(ids, matchAll);
        return true;
    }

    /// <summary>
    /// The digest filter that keeps only <paramref name="labelled"/>, met with the query's own digest filter when it
    /// has one (exact or a list); null when nothing can match.
    /// </summary>
    public static QueryValue? NarrowDigests(IReadOnlyList<string> labelled, QueryValue? digestFilter, out string? error)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        error = null;
        IEnumerable<string> kept = digestFilter switch
        {
            null => labelled,
            ExactValue e => labelled.Where(d => string.Equals(d, e.Value, StringComparison.Ordinal)),
            OrListValue o => labelled.Intersect(o.Values, StringComparer.Ordinal),
            _ => [],
        };
        if (digestFilter is not (null or ExactValue or OrListValue))
        {
            error = "labels can be combined only with an exact digest or a list of digests";
            return null;
        }

        var list = kept.ToList();
        return list.Count == 0 ? null : new OrListValue(list);
    }
}
