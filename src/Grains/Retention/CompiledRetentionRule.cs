using System.Globalization;

namespace ArtifactKeeper.Retention;

/// <summary>
/// One enabled, validated rule ready to evaluate: its tag filter, its scope and its template with the parameter read.
/// <list type="bullet">
/// <item><c>latestPushedK</c>: the K most recently pushed selected candidates (per group); ties go to the greater tag.</item>
/// <item><c>latestPulledN</c>: the N most recently pulled (never pulled ranks last; ties by push time, then tag).</item>
/// <item><c>nDaysSinceLastPush</c> / <c>nDaysSinceLastPull</c>: those pushed / pulled at or after now minus N days
/// (never pulled is never within).</item>
/// <item><c>always</c>: every selected candidate.</item>
/// </list>
/// Rules only retain; the parameter carries the template's name, as in Harbor.
/// </summary>
public sealed class CompiledRetentionRule
{
    private CompiledRetentionRule(RetentionRule rule, RetentionTagFilter filter, RetentionScope scope, int parameter)
    {
        Rule = rule;
        Filter = filter;
        Scope = scope;
        Parameter = parameter;
        Description = Describe(rule);
    }

    public RetentionRule Rule { get; }

    public RetentionTagFilter Filter { get; }

    public RetentionScope Scope { get; }

    /// <summary>K, N or the number of days; 0 for <c>always</c>.</summary>
    public int Parameter { get; }

    /// <summary>The rule in words, e.g. <c>rule 1 (latestPushedK 10; tags doublestar matches v*)</c>.</summary>
    public string Description { get; }

    /// <summary>Validates and compiles <paramref name="rule"/>; false with the first problem found.</summary>
    public static bool TryCompile(RetentionRule rule, out CompiledRetentionRule? compiled, out string? error)
    {
        compiled = null;
        if (rule is null)
        {
            error = "a rule is missing";
            return false;
        }

        var prefix = string.Create(CultureInfo.InvariantCulture, $"rule {rule.Id}: ");
        if (!string.Equals(rule.Action, RetentionVocabulary.RetainAction, StringComparison.Ordinal))
        {
            error = $"{prefix}action '{rule.Action}' is not {RetentionVocabulary.RetainAction}";
            return false;
        }

        if (!RetentionVocabulary.Templates.Contains(rule.Template ?? string.Empty))
        {
            error = $"{prefix}template '{rule.Template}' is not one of {string.Join(", ", RetentionVocabulary.Templates.Order(StringComparer.Ordinal))}";
            return false;
        }

        if (!TryReadParameter(rule, out var parameter, out error) ||
            !RetentionTagFilter.TryCompile(rule.TagSelectors ?? [], out var filter, out error) ||
            !RetentionScope.TryCompile(rule.RepositorySelectors ?? [], out var scope, out error))
        {
            error = prefix + error;
            return false;
        }

        compiled = new CompiledRetentionRule(rule, filter!, scope!, parameter);
        return true;
    }

    /// <summary>The candidates among <paramref name="selected"/> this rule retains at <paramref name="now"/>.</summary>
    public IEnumerable<RetentionCandidate> Retain(IReadOnlyList<RetentionCandidate> selected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(selected);
        return Rule.Template switch
        {
            RetentionVocabulary.LatestPushedK => LatestPerGroup(selected, RetentionOrder.ByPush),
            RetentionVocabulary.LatestPulledN => LatestPerGroup(selected, RetentionOrder.ByPull),
            RetentionVocabulary.NDaysSinceLastPush => selected.Where(c => c.PushedAt >= now.AddDays(-Parameter)),
            RetentionVocabulary.NDaysSinceLastPull => selected.Where(c => c.PulledAt is { } pulled && pulled >= now.AddDays(-Parameter)),
            _ => selected,
        };
    }

    private IEnumerable<RetentionCandidate> LatestPerGroup(IReadOnlyList<RetentionCandidate> selected, IComparer<RetentionCandidate> newestFirst)
    {
        if (Parameter == 0)
        {
            return [];
        }

        return selected
            .GroupBy(c => c.Group ?? string.Empty, StringComparer.Ordinal)
            .SelectMany(group => group.Order(newestFirst).Take(Parameter));
    }

    private static bool TryReadParameter(RetentionRule rule, out int value, out string? error)
    {
        value = 0;
        error = null;
        if (rule.Template == RetentionVocabulary.Always)
        {
            return true;
        }

        var name = rule.Template!;
        if (rule.Parameters is null || !rule.Parameters.TryGetValue(name, out var text))
        {
            error = $"missing required parameter {name} for template {name}";
            return false;
        }

        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != decimal.Truncate(number))
        {
            error = $"parameter {name} must be a whole number, not '{text}'";
            return false;
        }

        var max = RetentionVocabulary.IsCount(name) ? RetentionVocabulary.MaxCount : RetentionVocabulary.MaxDays;
        if (number < 0 || number > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"parameter {name} must be between 0 and {max}, not {number}");
            return false;
        }

        value = (int)number;
        return true;
    }

    private static string Describe(RetentionRule rule)
    {
        var template = rule.Template == RetentionVocabulary.Always
            ? rule.Template
            : $"{rule.Template} {rule.Parameters![rule.Template!]}";
        var tags = (rule.TagSelectors ?? []).Count == 0
            ? "all tags"
            : "tags " + string.Join(" and ", rule.TagSelectors!.Select(s => $"{s.Kind} {s.Decoration} {s.Pattern}"));
        return string.Create(CultureInfo.InvariantCulture, $"rule {rule.Id} ({template}; {tags})");
    }
}
