using System.Globalization;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.Retention;

/// <summary>Candidates and rules for the engine's unit tests, at a fixed time.</summary>
internal static class RetentionTestData
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static RetentionCandidate Tag(
        string tag, string? digest = null, int pushedMinutesAgo = 0, int? pulledMinutesAgo = null, string[]? labels = null, string? group = null) =>
        new(tag, tag, digest ?? "sha256:" + tag, Now.AddMinutes(-pushedMinutesAgo),
            pulledMinutesAgo is { } pulled ? Now.AddMinutes(-pulled) : null, labels ?? [], group);

    public static RetentionCandidate Untagged(string digest, int pushedMinutesAgo = 0) =>
        new(digest, null, digest, Now.AddMinutes(-pushedMinutesAgo), null, []);

    public static RetentionSelector Matches(string pattern, bool? untagged = null, string kind = RetentionVocabulary.Doublestar) =>
        new(kind, RetentionVocabulary.Matches, pattern, Extras(untagged));

    public static RetentionSelector Excludes(string pattern, bool? untagged = null, string kind = RetentionVocabulary.Doublestar) =>
        new(kind, RetentionVocabulary.Excludes, pattern, Extras(untagged));

    public static RetentionSelector RepoMatches(string pattern) => new(RetentionVocabulary.Doublestar, RetentionVocabulary.RepoMatches, pattern, null);

    public static RetentionSelector RepoExcludes(string pattern) => new(RetentionVocabulary.Doublestar, RetentionVocabulary.RepoExcludes, pattern, null);

    public static RetentionRule Rule(string template, int? parameter, params RetentionSelector[] tagSelectors) =>
        Rule(1, template, parameter, tagSelectors);

    public static RetentionRule Rule(int id, string template, int? parameter, params RetentionSelector[] tagSelectors) =>
        new(id, 0, false, RetentionVocabulary.RetainAction, template,
            parameter is { } p ? new Dictionary<string, string> { [template] = p.ToString(CultureInfo.InvariantCulture) } : new Dictionary<string, string>(),
            tagSelectors, [RepoMatches("**")]);

    public static CompiledRetentionRule Compile(RetentionRule rule)
    {
        Assert.True(CompiledRetentionRule.TryCompile(rule, out var compiled, out var error), error);
        return compiled!;
    }

    public static RetentionPlan Plan(IReadOnlyList<RetentionCandidate> candidates, params RetentionRule[] rules) =>
        RetentionPlanner.Plan(candidates, rules.Select(Compile).ToList(), Now);

    public static RetentionDecision Decision(RetentionPlan plan, string key) => plan.Decisions.Single(d => d.Candidate.Key == key);

    public static IReadOnlyList<string> KeysOf(RetentionPlan plan, params RetentionActionKind[] kinds) =>
        plan.Decisions.Where(d => kinds.Contains(d.Kind)).Select(d => d.Candidate.Key).Order(StringComparer.Ordinal).ToList();

    private static string? Extras(bool? untagged) => untagged is { } flag ? $"{{\"untagged\":{(flag ? "true" : "false")}}}" : null;
}
