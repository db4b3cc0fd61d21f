using static ArtifactKeeper.Retention.RetentionVocabulary;

namespace ArtifactKeeper.Retention;

/// <summary>
/// Harbor's retention rule templates and selector kinds as its <c>/retentions/metadatas</c> lists them, with the
/// parameter each template needs and the range Harbor accepts for it (the names are <see cref="RetentionVocabulary"/>'s).
/// </summary>
public static class RetentionTemplateCatalog
{
    /// <summary>The key of <see cref="RetentionRule.RepositorySelectors"/> in Harbor's <c>scope_selectors</c>.</summary>
    public const string RepositoryScope = "repository";

    /// <summary>Every template in the order Harbor lists them.</summary>
    public static IReadOnlyList<RetentionTemplate> Templates { get; } =
    [
        new(LatestPushedK, "the most recently pushed # artifacts", new RetentionTemplateParameter("int", "COUNT", MaxCount)),
        new(LatestPulledN, "the most recently pulled # artifacts", new RetentionTemplateParameter("int", "COUNT", MaxCount)),
        new(NDaysSinceLastPush, "pushed within the last # days", new RetentionTemplateParameter("int", "DAYS", MaxDays)),
        new(NDaysSinceLastPull, "pulled within the last # days", new RetentionTemplateParameter("int", "DAYS", MaxDays)),
        new(Always, "always", null),
    ];

    /// <summary>Tag selector kinds and their decorations (<c>label</c> as Harbor's engine has it, <c>regexp</c> is ours).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> TagSelectorKinds { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Doublestar] = [Matches, Excludes],
        [Label] = [WithLabels, WithoutLabels],
        [Regexp] = [Matches, Excludes],
    };

    /// <summary>Repository (scope) selector kinds and their decorations.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ScopeSelectorKinds { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Doublestar] = [RepoMatches, RepoExcludes],
    };

    public static RetentionTemplate? Find(string template) => Templates.FirstOrDefault(t => t.Id == template);
}

/// <summary>One rule template: its id, Harbor's display text and its one parameter (named as the template), if any.</summary>
public sealed record RetentionTemplate(string Id, string DisplayText, RetentionTemplateParameter? Parameter);

/// <summary>A template parameter: Harbor's type and unit, and the largest value accepted (the smallest is 0).</summary>
public sealed record RetentionTemplateParameter(string Type, string Unit, int Max);
