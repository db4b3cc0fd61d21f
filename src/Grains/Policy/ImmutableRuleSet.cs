using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Policy;

/// <summary>
/// A project's immutable rules, compiled once, answering which tags they protect. As Harbor's rule matcher does,
/// rules are tried in id order, disabled ones are skipped, and a rule holds for a tag when its first
/// <c>repository</c> selector accepts the repository name without its project (<c>app</c> for
/// <c>production/app</c>) and its first tag selector accepts the tag (<c>excludes</c>: the pattern does not match).
/// </summary>
public sealed class ImmutableRuleSet
{
    private readonly IReadOnlyList<CompiledRule> _rules;

    public ImmutableRuleSet(IEnumerable<ImmutableRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules.Where(r => !r.Disabled).OrderBy(r => r.Id).Select(Compile).OfType<CompiledRule>()];
    }

    public static ImmutableRuleSet Empty { get; } = new([]);

    /// <summary>The first rule that makes <paramref name="tag"/> of <paramref name="repositoryName"/> (without project) immutable.</summary>
    public ImmutableTagMatch? Match(string repositoryName, string tag)
    {
        ArgumentNullException.ThrowIfNull(repositoryName);
        ArgumentNullException.ThrowIfNull(tag);
        foreach (var rule in _rules)
        {
            if (rule.Repository.IsMatch(repositoryName) != rule.RepositoryExcludes &&
                rule.Tag.IsMatch(tag) != rule.TagExcludes)
            {
                return new ImmutableTagMatch(
                    tag, rule.Source.Id, rule.TagSelector.Decoration, rule.TagSelector.Pattern, rule.RepositorySelector.Decoration, rule.RepositorySelector.Pattern);
            }
        }

        return null;
    }

    /// <summary>The repository name a rule's scope sees: the full name without its first segment (the project).</summary>
    public static string WithoutProject(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? repository : repository[(slash + 1)..];
    }

    // A stored rule that no longer validates (it cannot be created through the API) takes no part, as in Harbor.
    private static CompiledRule? Compile(ImmutableRule rule)
    {
        if (rule.TagSelectors.Count == 0 ||
            !rule.ScopeSelectors.TryGetValue(ImmutableRule.RepositoryScope, out var scopes) || scopes.Count == 0)
        {
            return null;
        }

        var tag = rule.TagSelectors[0];
        var repository = scopes[0];
        return DoublestarPattern.TryParse(tag.Pattern, out var tagPattern, out _) &&
            DoublestarPattern.TryParse(repository.Pattern, out var repositoryPattern, out _)
            ? new CompiledRule(rule, tag, repository, tagPattern!, repositoryPattern!)
            : null;
    }

    private sealed record CompiledRule(
        ImmutableRule Source, ImmutableSelector TagSelector, ImmutableSelector RepositorySelector, DoublestarPattern Tag, DoublestarPattern Repository)
    {
        public bool TagExcludes => TagSelector.Decoration == ImmutableRuleValidator.Excludes;

        public bool RepositoryExcludes => RepositorySelector.Decoration == ImmutableRuleValidator.RepoExcludes;
    }
}
