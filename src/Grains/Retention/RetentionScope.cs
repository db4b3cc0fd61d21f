using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Retention;

/// <summary>
/// A rule's repository scope: every <c>doublestar</c> selector must agree (<c>repoMatches</c>: the pattern matches,
/// <c>repoExcludes</c>: it does not), matched, as in Harbor, against the repository name without its project
/// (<c>ret</c> matches <c>library/ret</c>). An empty pattern matches every repository; no selectors mean every
/// repository of the policy's project.
/// </summary>
public sealed class RetentionScope
{
    private readonly IReadOnlyList<(DoublestarPattern? Pattern, bool Excludes)> _selectors;

    private RetentionScope(IReadOnlyList<(DoublestarPattern?, bool)> selectors) => _selectors = selectors;

    /// <summary>True when <paramref name="rule"/> applies to <paramref name="repository"/> (the full name, <c>project/name</c>); false for an invalid scope.</summary>
    public static bool Matches(RetentionRule rule, string repository)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return TryCompile(rule.RepositorySelectors, out var scope, out _) && scope!.Matches(repository);
    }

    /// <summary>Compiles the selectors once, for matching many repositories; false with a reason when one is invalid.</summary>
    public static bool TryCompile(IReadOnlyList<RetentionSelector> selectors, out RetentionScope? scope, out string? error)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        scope = null;
        var compiled = new List<(DoublestarPattern?, bool)>();
        foreach (var selector in selectors)
        {
            if (selector is null || selector.Kind != RetentionVocabulary.Doublestar)
            {
                error = $"repository selector kind '{selector?.Kind}' is not doublestar";
                return false;
            }

            if (selector.Decoration is not (RetentionVocabulary.RepoMatches or RetentionVocabulary.RepoExcludes))
            {
                error = $"repository selector decoration '{selector.Decoration}' is not repoMatches or repoExcludes";
                return false;
            }

            DoublestarPattern? pattern = null;
            if (!string.IsNullOrEmpty(selector.Pattern) && !DoublestarPattern.TryParse(selector.Pattern, out pattern, out error))
            {
                error = $"invalid repository pattern '{selector.Pattern}': {error}";
                return false;
            }

            compiled.Add((pattern, selector.Decoration == RetentionVocabulary.RepoExcludes));
        }

        scope = new RetentionScope(compiled);
        error = null;
        return true;
    }

    public bool Matches(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var name = ImmutableRuleSet.WithoutProject(repository);
        foreach (var (pattern, excludes) in _selectors)
        {
            if ((pattern?.IsMatch(name) ?? true) == excludes)
            {
                return false;
            }
        }

        return true;
    }
}
