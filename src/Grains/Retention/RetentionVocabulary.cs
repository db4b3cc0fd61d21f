namespace ArtifactKeeper.Retention;

/// <summary>
/// Harbor's retention names: rule templates (each template's single parameter has the template's own name, as in
/// Harbor), the <c>retain</c> action, the <c>or</c> algorithm, selector kinds and decorations. <see cref="Regexp"/>
/// is ours (Harbor has only doublestar and label selectors in its API).
/// </summary>
public static class RetentionVocabulary
{
    public const string LatestPushedK = "latestPushedK";
    public const string LatestPulledN = "latestPulledN";
    public const string NDaysSinceLastPush = "nDaysSinceLastPush";
    public const string NDaysSinceLastPull = "nDaysSinceLastPull";
    public const string Always = "always";

    public const string RetainAction = "retain";
    public const string OrAlgorithm = "or";

    public const string Doublestar = "doublestar";
    public const string Regexp = "regexp";
    public const string Label = "label";

    public const string Matches = "matches";
    public const string Excludes = "excludes";
    public const string RepoMatches = "repoMatches";
    public const string RepoExcludes = "repoExcludes";
    public const string WithLabels = "withLabels";
    public const string WithoutLabels = "withoutLabels";

    /// <summary>Harbor's upper bounds: counts below <c>math.MaxInt16</c>, days at most 20190904.</summary>
    public const int MaxCount = short.MaxValue - 1;
    public const int MaxDays = 20190904;

    /// <summary>Every template the engine evaluates.</summary>
    public static IReadOnlySet<string> Templates { get; } =
        new HashSet<string>(StringComparer.Ordinal) { LatestPushedK, LatestPulledN, NDaysSinceLastPush, NDaysSinceLastPull, Always };

    /// <summary>True for templates that rank candidates and keep the first N (per group).</summary>
    public static bool IsCount(string template) => template is LatestPushedK or LatestPulledN;

    /// <summary>True for templates that keep candidates pushed or pulled within N days.</summary>
    public static bool IsDays(string template) => template is NDaysSinceLastPush or NDaysSinceLastPull;
}
