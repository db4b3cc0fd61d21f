using System.Globalization;
using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Policy;

/// <summary>
/// Checks and completes an immutable rule as sent through Harbor's API: <c>action</c> and <c>template</c> default to
/// <c>immutable</c> and <c>immutable_template</c> (the only values Harbor knows), at least one tag selector and one
/// <c>repository</c> scope selector, every selector of kind <c>doublestar</c> with a known decoration and a valid,
/// non-empty pattern. Harbor itself stores whatever it is sent and silently never matches a broken rule; refusing
/// it up front is the clearer answer.
/// </summary>
public static class ImmutableRuleValidator
{
    public const string DoublestarKind = "doublestar";
    public const string Matches = "matches", Excludes = "excludes", RepoMatches = "repoMatches", RepoExcludes = "repoExcludes";

    /// <summary>Longest pattern accepted; repository names are at most 255 characters in Harbor, tags 128.</summary>
    public const int MaxPatternLength = 1024;

    public static bool TryNormalize(ImmutableRule rule, out ImmutableRule normalized, out string? error)
    {
        ArgumentNullException.ThrowIfNull(rule);
        normalized = rule;
        var action = string.IsNullOrEmpty(rule.Action) ? ImmutableRule.ImmutableAction : rule.Action;
        var template = string.IsNullOrEmpty(rule.Template) ? ImmutableRule.ImmutableTemplate : rule.Template;
        error = action != ImmutableRule.ImmutableAction
            ? $"unknown action \"{action}\": an immutable rule's action is \"{ImmutableRule.ImmutableAction}\""
            : template != ImmutableRule.ImmutableTemplate
                ? $"unknown template \"{template}\": an immutable rule's template is \"{ImmutableRule.ImmutableTemplate}\""
                : CheckSelectors(rule.TagSelectors, "tag_selectors", Matches, Excludes)
                    ?? CheckScopes(rule.ScopeSelectors);
        if (error is not null)
        {
            return false;
        }

        normalized = rule with { Action = action, Template = template };
        return true;
    }

    /// <summary>
    /// Whether two rules say the same thing (Harbor's unique key is the rule's JSON within the project): same
    /// priority, action, template, parameters and selectors; the id and the disabled flag do not count.
    /// </summary>
    public static bool SameContent(ImmutableRule a, ImmutableRule b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Priority == b.Priority && a.Action == b.Action && a.Template == b.Template &&
            string.Equals(a.ParamsJson, b.ParamsJson, StringComparison.Ordinal) &&
            a.TagSelectors.SequenceEqual(b.TagSelectors) &&
            a.ScopeSelectors.Count == b.ScopeSelectors.Count &&
            a.ScopeSelectors.All(s => b.ScopeSelectors.TryGetValue(s.Key, out var other) && s.Value.SequenceEqual(other));
    }

    private static string? CheckScopes(IReadOnlyDictionary<string, IReadOnlyList<ImmutableSelector>>? scopes)
    {
        if (scopes is null || !scopes.TryGetValue(ImmutableRule.RepositoryScope, out var repositories))
        {
            return "scope_selectors.repository is required: at least one selector of the repositories the rule applies to";
        }

        if (scopes.Keys.FirstOrDefault(k => k != ImmutableRule.RepositoryScope) is { } unknown)
        {
            return $"unknown scope \"{unknown}\" in scope_selectors: only \"{ImmutableRule.RepositoryScope}\" is supported";
        }

        return CheckSelectors(repositories, "scope_selectors.repository", RepoMatches, RepoExcludes);
    }

    private static string? CheckSelectors(IReadOnlyList<ImmutableSelector>? selectors, string field, string matches, string excludes)
    {
        if (selectors is null || selectors.Count == 0)
        {
            return $"{field} is required: at least one selector";
        }

        for (var i = 0; i < selectors.Count; i++)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");
            if (selectors[i] is not { } selector)
            {
                return $"{where} must be an object";
            }

            if (selector.Kind != DoublestarKind)
            {
                return $"{where}: unknown kind \"{selector.Kind}\", the only kind is \"{DoublestarKind}\"";
            }

            if (selector.Decoration != matches && selector.Decoration != excludes)
            {
                return $"{where}: unknown decoration \"{selector.Decoration}\", use \"{matches}\" or \"{excludes}\"";
            }

            if (string.IsNullOrEmpty(selector.Pattern))
            {
                return $"{where}: pattern is required";
            }

            if (selector.Pattern.Length > MaxPatternLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{where}: pattern is longer than {MaxPatternLength} characters");
            }

            if (!DoublestarPattern.TryParse(selector.Pattern, out _, out var patternError))
            {
                return $"{where}: invalid pattern \"{selector.Pattern}\": {patternError}";
            }
        }

        return null;
    }
}
