using System.Text.Json;
using System.Text.RegularExpressions;
using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Retention;

/// <summary>
/// A rule's tag selectors, compiled: a candidate is selected when every selector selects it (Harbor chains them).
/// <list type="bullet">
/// <item><c>doublestar</c> (and our <c>regexp</c>, a .NET regular expression matched against the whole tag) with
/// <c>matches</c> or <c>excludes</c>; an empty pattern matches every tag. An untagged artifact counts as matching the
/// pattern when the selector's extras say <c>{"untagged":true}</c> (so <c>matches</c> selects it and <c>excludes</c>
/// leaves it out) and as not matching with <c>{"untagged":false}</c>; without extras both decorations select it, as
/// Harbor does for rules stored before the flag existed.</item>
/// <item><c>label</c> with <c>withLabels</c> (the artifact carries every listed label) or <c>withoutLabels</c> (none of
/// them); the pattern is a comma-separated list of label names.</item>
/// </list>
/// A rule without tag selectors selects every tagged candidate.
/// </summary>
public sealed class RetentionTagFilter
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<Func<RetentionCandidate, bool>> _selectors;

    private RetentionTagFilter(IReadOnlyList<Func<RetentionCandidate, bool>> selectors, bool selectsUntagged)
    {
        _selectors = selectors;
        SelectsUntagged = selectsUntagged;
    }

    /// <summary>True when some untagged artifact can pass this filter.</summary>
    public bool SelectsUntagged { get; }

    public static bool TryCompile(IReadOnlyList<RetentionSelector> selectors, out RetentionTagFilter? filter, out string? error)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        filter = null;
        var compiled = new List<Func<RetentionCandidate, bool>>();
        var untagged = selectors.Count > 0;
        foreach (var selector in selectors)
        {
            if (!TryCompile(selector, out var select, out var selectsUntagged, out error))
            {
                return false;
            }

            compiled.Add(select!);
            untagged &= selectsUntagged;
        }

        if (compiled.Count == 0)
        {
            compiled.Add(c => c.Tag is not null);
        }

        filter = new RetentionTagFilter(compiled, untagged);
        error = null;
        return true;
    }

    public bool Selects(RetentionCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        foreach (var select in _selectors)
        {
            if (!select(candidate))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryCompile(RetentionSelector selector, out Func<RetentionCandidate, bool>? select, out bool selectsUntagged, out string? error)
    {
        select = null;
        selectsUntagged = false;
        if (selector is null)
        {
            error = "a tag selector is missing";
            return false;
        }

        switch (selector.Kind)
        {
            case RetentionVocabulary.Doublestar or RetentionVocabulary.Regexp:
                return TryCompilePattern(selector, out select, out selectsUntagged, out error);
            case RetentionVocabulary.Label when selector.Decoration is RetentionVocabulary.WithLabels or RetentionVocabulary.WithoutLabels:
                var labels = LabelNames(selector.Pattern);
                var with = selector.Decoration == RetentionVocabulary.WithLabels;
                select = c => with ? labels.All(c.Labels.Contains) : !labels.Any(c.Labels.Contains);
                selectsUntagged = true;
                error = null;
                return true;
            case RetentionVocabulary.Label:
                error = $"label selector decoration '{selector.Decoration}' is not withLabels or withoutLabels";
                return false;
            default:
                error = $"tag selector kind '{selector.Kind}' is not doublestar, regexp or label";
                return false;
        }
    }

    private static bool TryCompilePattern(RetentionSelector selector, out Func<RetentionCandidate, bool>? select, out bool selectsUntagged, out string? error)
    {
        select = null;
        selectsUntagged = false;
        if (selector.Decoration is not (RetentionVocabulary.Matches or RetentionVocabulary.Excludes))
        {
            error = $"tag selector decoration '{selector.Decoration}' is not matches or excludes";
            return false;
        }

        if (!TryCompileMatcher(selector.Kind, selector.Pattern ?? string.Empty, out var isMatch, out error))
        {
            return false;
        }

        var excludes = selector.Decoration == RetentionVocabulary.Excludes;
        var untaggedMatches = UntaggedFlag(selector.Extras) ?? !excludes;
        selectsUntagged = untaggedMatches != excludes;
        select = c => (c.Tag is null ? untaggedMatches : isMatch!(c.Tag)) != excludes;
        return true;
    }

    private static bool TryCompileMatcher(string kind, string pattern, out Func<string, bool>? isMatch, out string? error)
    {
        isMatch = null;
        if (pattern.Length == 0)
        {
            isMatch = _ => true;
            error = null;
            return true;
        }

        if (kind == RetentionVocabulary.Doublestar)
        {
            if (!DoublestarPattern.TryParse(pattern, out var parsed, out error))
            {
                error = $"invalid doublestar pattern '{pattern}': {error}";
                return false;
            }

            isMatch = parsed!.IsMatch;
            return true;
        }

        try
        {
            var regex = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, RegexTimeout);
            isMatch = regex.IsMatch;
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            error = $"invalid regular expression '{pattern}': {e.Message}";
            return false;
        }
    }

    /// <summary>The <c>untagged</c> flag of Harbor's extras JSON, or null when absent or unreadable (Harbor ignores those).</summary>
    internal static bool? UntaggedFlag(string? extras)
    {
        if (string.IsNullOrWhiteSpace(extras))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(extras);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("untagged", out var flag) &&
                   flag.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? flag.GetBoolean()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string[] LabelNames(string? pattern) =>
        (pattern ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
