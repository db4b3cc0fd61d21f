namespace ArtifactKeeper.Retention;

/// <summary>
/// Which repositories an execution visits and with which rules: for each repository of the project, the enabled
/// rules whose repository selectors all accept the repository name without its project (<c>ret</c> for
/// <c>library/ret</c>), as Harbor applies a rule's selectors one after the other. A repository no rule covers gets no
/// task and is left alone.
/// </summary>
public static class RetentionExecutionPlan
{
    public static IReadOnlyList<RetentionExecutionItem> For(IReadOnlyList<RetentionRule> rules, IEnumerable<string> repositories)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(repositories);
        var compiled = rules.Where(r => !r.Disabled)
            .Select(r => (Rule: r, Scope: RetentionScope.TryCompile(r.RepositorySelectors, out var scope, out _) ? scope : null))
            .Where(c => c.Scope is not null)
            .ToList();
        var plan = new List<RetentionExecutionItem>();
        foreach (var repository in repositories.Order(StringComparer.Ordinal))
        {
            var applicable = compiled.Where(c => c.Scope!.Matches(repository)).Select(c => c.Rule).ToList();
            if (applicable.Count > 0)
            {
                plan.Add(new RetentionExecutionItem(repository, applicable));
            }
        }

        return plan;
    }
}

/// <summary>One repository of an execution and the rules that apply to it.</summary>
public sealed record RetentionExecutionItem(string Repository, IReadOnlyList<RetentionRule> Rules);
