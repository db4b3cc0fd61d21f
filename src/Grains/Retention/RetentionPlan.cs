using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Retention;

/// <summary>
/// Which repositories an execution visits and with which rules: for each repository of the project, the enabled
/// rules whose repository selectors all accept the repository name without its project (<c>ret</c> for
/// <c>library/ret</c>), as Harbor applies a rule's selectors one after the other. A repository no rule covers gets no
/// task and is left alone.
/// </summary>
public static class RetentionPlan
{
    public static IReadOnlyList<RetentionPlanItem> For(IReadOnlyList<RetentionRule> rules, IEnumerable<string> repositories)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(repositories);
        var compiled = rules.Where(r => !r.Disabled)
            .Select(r => (Rule: r, Selectors: r.RepositorySelectors.Select(s => (s.Decoration, Pattern: DoublestarPattern.Parse(s.Pattern))).ToList()))
            .ToList();
        var plan = new List<RetentionPlanItem>();
        foreach (var repository in repositories.Order(StringComparer.Ordinal))
        {
            var name = WithoutProject(repository);
            var applicable = compiled.Where(c => c.Selectors.All(s => s.Pattern.IsMatch(name) == (s.Decoration != RetentionTemplateCatalog.RepoExcludes)))
                .Select(c => c.Rule)
                .ToList();
            if (applicable.Count > 0)
            {
                plan.Add(new RetentionPlanItem(repository, applicable));
            }
        }

        return plan;
    }

    /// <summary>The repository name as scope patterns see it: everything after the first <c>/</c>.</summary>
    public static string WithoutProject(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? repository : repository[(slash + 1)..];
    }
}

/// <summary>One repository of an execution and the rules that apply to it.</summary>
public sealed record RetentionPlanItem(string Repository, IReadOnlyList<RetentionRule> Rules);
