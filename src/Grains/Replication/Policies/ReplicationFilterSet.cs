using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Replication.Policies;

/// <summary>An artifact a policy may replicate: its manifest digest, tags, label names and whether it is an image.</summary>
public sealed record ReplicationCandidate(string Digest, IReadOnlyList<string> Tags, IReadOnlyList<string> Labels, bool IsImage);

/// <summary>
/// A policy's filters compiled once, with Harbor's semantics:
/// <list type="bullet">
/// <item><c>name</c>: a doublestar pattern matched against the full repository path, project included
/// (<c>library/**</c>); several name filters must all match; an empty pattern matches everything.</item>
/// <item><c>tag</c>: a doublestar pattern with <c>matches</c> (the default) or <c>excludes</c>. A tagged artifact passes
/// with the tags the filter keeps, and only with those (none kept: it is left out); an untagged artifact is matched as
/// the empty tag, so <c>**</c> or <c>*</c> take untagged artifacts along and <c>v*</c> leaves them out (its
/// <c>excludes</c> takes them). No tag filter, or an empty pattern, takes every artifact, untagged ones included.</item>
/// <item><c>label</c>: <c>matches</c> keeps artifacts carrying every listed label, <c>excludes</c> the others; an empty
/// list keeps everything. Not applicable to a remote source, whose labels are unknown (<see cref="ForRemoteSource"/>).</item>
/// <item><c>resource</c>: <c>image</c> keeps container images (image configs, indexes and manifest lists),
/// <c>artifact</c> everything.</item>
/// </list>
/// Filters of the same kind chain in their order, as Harbor applies them.
/// </summary>
public sealed class ReplicationFilterSet
{
    private readonly IReadOnlyList<DoublestarPattern> _names;
    private readonly IReadOnlyList<Func<ReplicationCandidate, ReplicationCandidate?>> _artifactFilters;
    private readonly bool _imagesOnly;

    private ReplicationFilterSet(
        IReadOnlyList<DoublestarPattern> names, IReadOnlyList<Func<ReplicationCandidate, ReplicationCandidate?>> artifactFilters, bool imagesOnly, bool hasTagFilter)
    {
        _names = names;
        _artifactFilters = artifactFilters;
        _imagesOnly = imagesOnly;
        HasTagFilter = hasTagFilter;
    }

    /// <summary>True when a non-empty tag pattern narrows the tags (the event trigger then replicates only the kept tags).</summary>
    public bool HasTagFilter { get; }

    /// <summary>Compiles <paramref name="filters"/>; false with a reason for an invalid one (bad type, value, decoration or pattern).</summary>
    public static bool TryCompile(IReadOnlyList<ReplicationFilter> filters, out ReplicationFilterSet? set, out string? error) =>
        TryCompile(filters, applyLabels: true, out set, out error);

    /// <summary>As <see cref="TryCompile(IReadOnlyList{ReplicationFilter}, out ReplicationFilterSet?, out string?)"/>, label filters ignored.</summary>
    public static bool ForRemoteSource(IReadOnlyList<ReplicationFilter> filters, out ReplicationFilterSet? set, out string? error) =>
        TryCompile(filters, applyLabels: false, out set, out error);

    private static bool TryCompile(IReadOnlyList<ReplicationFilter> filters, bool applyLabels, out ReplicationFilterSet? set, out string? error)
    {
        ArgumentNullException.ThrowIfNull(filters);
        set = null;
        var names = new List<DoublestarPattern>();
        var artifactFilters = new List<Func<ReplicationCandidate, ReplicationCandidate?>>();
        var imagesOnly = false;
        var hasTagFilter = false;
        foreach (var filter in filters)
        {
            if (ReplicationPolicyValidator.CheckFilter(filter) is { } invalid)
            {
                error = invalid;
                return false;
            }

            switch (filter.Type)
            {
                case ReplicationFilterTypes.Name when !string.IsNullOrEmpty(filter.Value):
                    names.Add(DoublestarPattern.Parse(filter.Value));
                    break;
                case ReplicationFilterTypes.Tag when !string.IsNullOrEmpty(filter.Value):
                    hasTagFilter = true;
                    artifactFilters.Add(TagFilter(DoublestarPattern.Parse(filter.Value), filter.Decoration == ReplicationFilterTypes.Excludes));
                    break;
                case ReplicationFilterTypes.Label when applyLabels && filter.Labels is { Count: > 0 }:
                    artifactFilters.Add(LabelFilter(filter.Labels, filter.Decoration == ReplicationFilterTypes.Excludes));
                    break;
                case ReplicationFilterTypes.Resource:
                    imagesOnly = filter.Value == ReplicationFilterTypes.Image;
                    break;
            }
        }

        set = new ReplicationFilterSet(names, artifactFilters, imagesOnly, hasTagFilter);
        error = null;
        return true;
    }

    /// <summary>True when every name filter matches the full repository path.</summary>
    public bool MatchesRepository(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return _names.All(p => p.IsMatch(repository));
    }

    /// <summary>The candidate with the tags the filters keep, or null when they leave it out.</summary>
    public ReplicationCandidate? Select(ReplicationCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (_imagesOnly && !candidate.IsImage)
        {
            return null;
        }

        ReplicationCandidate? current = candidate;
        foreach (var filter in _artifactFilters)
        {
            current = filter(current);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static Func<ReplicationCandidate, ReplicationCandidate?> TagFilter(DoublestarPattern pattern, bool excludes) =>
        candidate =>
        {
            if (candidate.Tags.Count == 0)
            {
                return pattern.IsMatch(string.Empty) != excludes ? candidate : null;
            }

            var kept = candidate.Tags.Where(t => pattern.IsMatch(t) != excludes).ToList();
            return kept.Count == 0 ? null : candidate with { Tags = kept };
        };

    private static Func<ReplicationCandidate, ReplicationCandidate?> LabelFilter(IReadOnlyList<string> labels, bool excludes) =>
        candidate =>
        {
            var carriesAll = labels.All(l => candidate.Labels.Contains(l, StringComparer.Ordinal));
            return carriesAll != excludes ? candidate : null;
        };
}
