using System.Globalization;
using System.Text.Json;
using ArtifactKeeper.Policy;
using ArtifactKeeper.Registry;
using ArtifactKeeper.Scheduling;

namespace ArtifactKeeper.Retention;

/// <summary>
/// Checks a retention policy as Harbor does before storing it: scope <c>project</c> with a project id, algorithm
/// <c>or</c>, at most 15 rules, known templates with their parameter in range, selectors of known kinds and
/// decorations with valid doublestar patterns, no two identical rules (409), and a valid six-field cron.
/// </summary>
public static class RetentionPolicyValidator
{
    public const int MaxRules = 15;

    /// <summary><see cref="RegistryError.None"/>, or the error (BadRequest, Conflict) and a message naming the problem.</summary>
    public static (RegistryError Error, string? Message) Validate(RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ScopeLevel != RetentionPolicy.ProjectScope)
        {
            return Bad($"scope level '{policy.ScopeLevel}' is not supported; use project");
        }

        if (policy.ScopeReference <= 0)
        {
            return Bad(string.Create(CultureInfo.InvariantCulture, $"invalid Project id {policy.ScopeReference}"));
        }

        if (policy.Algorithm != RetentionPolicy.OrAlgorithm)
        {
            return Bad($"algorithm '{policy.Algorithm}' is not supported; use or");
        }

        if (policy.Rules.Count > MaxRules)
        {
            return Bad($"only {MaxRules} rules are allowed at most");
        }

        for (var i = 0; i < policy.Rules.Count; i++)
        {
            if (CheckRule(policy.Rules[i]) is { } problem)
            {
                return Bad(string.Create(CultureInfo.InvariantCulture, $"rule {i}: {problem}"));
            }

            for (var j = 0; j < i; j++)
            {
                if (SameContent(policy.Rules[j], policy.Rules[i]))
                {
                    return (RegistryError.Conflict, string.Create(CultureInfo.InvariantCulture, $"rule {i} is conflict with rule {j}"));
                }
            }
        }

        return CheckTrigger(policy.Trigger) is { } error ? Bad(error) : (RegistryError.None, null);
    }

    /// <summary>Whether two rules are the same but for their ids (Harbor's conflict check).</summary>
    public static bool SameContent(RetentionRule a, RetentionRule b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Priority == b.Priority && a.Disabled == b.Disabled && a.Action == b.Action && a.Template == b.Template
            && a.Parameters.Count == b.Parameters.Count && a.Parameters.All(p => b.Parameters.TryGetValue(p.Key, out var v) && v == p.Value)
            && a.TagSelectors.SequenceEqual(b.TagSelectors) && a.RepositorySelectors.SequenceEqual(b.RepositorySelectors);
    }

    private static string? CheckRule(RetentionRule rule)
    {
        if (rule.Action != RetentionVocabulary.RetainAction)
        {
            return $"action '{rule.Action}' is not supported; use retain";
        }

        if (RetentionTemplateCatalog.Find(rule.Template) is not { } template)
        {
            return $"unknown template '{rule.Template}'; use {string.Join(", ", RetentionTemplateCatalog.Templates.Select(t => t.Id))}";
        }

        if (template.Parameter is { } parameter)
        {
            if (!rule.Parameters.TryGetValue(template.Id, out var text))
            {
                return $"missing required parameter {template.Id} for rule {template.Id}";
            }

            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < 0 || value > parameter.Max)
            {
                return string.Create(CultureInfo.InvariantCulture, $"parameter {template.Id} must be an integer from 0 to {parameter.Max}, not '{text}'");
            }
        }

        if (rule.TagSelectors.Count == 0)
        {
            return "tag_selectors must name at least one selector";
        }

        if (rule.RepositorySelectors.Count == 0)
        {
            return "scope_selectors.repository must name at least one selector";
        }

        return rule.TagSelectors.Select(s => CheckSelector(s, "tag_selectors", RetentionTemplateCatalog.TagSelectorKinds)).FirstOrDefault(p => p is not null)
            ?? rule.RepositorySelectors.Select(s => CheckSelector(s, "scope_selectors.repository", RetentionTemplateCatalog.ScopeSelectorKinds)).FirstOrDefault(p => p is not null)
            ?? (CompiledRetentionRule.TryCompile(rule, out _, out var engineError) ? null : engineError);
    }

    private static string? CheckSelector(RetentionSelector selector, string field, IReadOnlyDictionary<string, IReadOnlyList<string>> kinds)
    {
        if (!kinds.TryGetValue(selector.Kind, out var decorations))
        {
            return $"{field}: unknown selector kind '{selector.Kind}'; use {string.Join(" or ", kinds.Keys)}";
        }

        if (!decorations.Contains(selector.Decoration))
        {
            return $"{field}: decoration '{selector.Decoration}' is not one of {string.Join(", ", decorations)} for kind {selector.Kind}";
        }

        if (selector.Pattern.Length == 0)
        {
            return $"{field}: the pattern of a {selector.Kind} selector must not be empty";
        }

        if (selector.Kind == RetentionVocabulary.Doublestar && !DoublestarPattern.TryParse(selector.Pattern, out _, out var error))
        {
            return $"{field}: invalid pattern '{selector.Pattern}': {error}";
        }

        return string.IsNullOrEmpty(selector.Extras) || IsJsonObject(selector.Extras) ? null : $"{field}: extras must be a JSON object such as {{\"untagged\":true}}";
    }

    private static string? CheckTrigger(RetentionTrigger trigger)
    {
        if (trigger.Kind != RetentionTrigger.ScheduleKind)
        {
            return $"trigger kind '{trigger.Kind}' is not supported; use Schedule";
        }

        return trigger.IsScheduled && !HarborSchedule.TryCreate(HarborSchedule.Custom, trigger.Cron, out _, out var error)
            ? $"invalid cron string for scheduled tag retention: {trigger.Cron}, error: {error}"
            : null;
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (RegistryError, string?) Bad(string message) => (RegistryError.BadRequest, message);
}
