using System.Globalization;
using System.Text.Json;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.HarborApi.Retention;

/// <summary>
/// Turns Harbor's RetentionPolicy JSON into a <see cref="RetentionPolicy"/> and back. Shape errors (a null rule or
/// selector, a parameter that is no integer, a trigger without <c>settings.cron</c>, a scope key other than
/// <c>repository</c>) are reported here; the policy's meaning is checked by <see cref="RetentionPolicyValidator"/> in
/// the grains.
/// </summary>
public static class RetentionPolicyInput
{
    /// <summary>Reads a policy; <paramref name="requireScope"/> for a create, where the scope names the project.</summary>
    public static bool TryRead(RetentionPolicyReq body, bool requireScope, out RetentionPolicy? policy, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        policy = null;
        if (requireScope && (body.Scope?.Level is null || body.Scope.Ref is null))
        {
            error = "scope is required: {\"level\":\"project\",\"ref\":<project id>}";
            return false;
        }

        if (!TryReadTrigger(body.Trigger, out var trigger, out error))
        {
            return false;
        }

        var rules = new List<RetentionRule>();
        for (var i = 0; i < (body.Rules?.Count ?? 0); i++)
        {
            if (body.Rules![i] is not { } rule)
            {
                error = Invariant($"rules[{i}] must be a rule object, not null");
                return false;
            }

            if (!TryReadRule(rule, Invariant($"rules[{i}]"), out var read, out error))
            {
                return false;
            }

            rules.Add(read!);
        }

        policy = new RetentionPolicy(
            body.Id ?? 0, body.Scope?.Level ?? RetentionPolicy.ProjectScope, body.Scope?.Ref ?? 0, body.Algorithm ?? string.Empty, rules, trigger!,
            default, default);
        return true;
    }

    public static RetentionPolicyModel ToModel(RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new RetentionPolicyModel(
            policy.Id,
            policy.Algorithm,
            [.. policy.Rules.Select(ToModel)],
            new RetentionTriggerModel(policy.Trigger.Kind, new Dictionary<string, string> { ["cron"] = policy.Trigger.Cron }, new Dictionary<string, string>()),
            new RetentionScopeModel(policy.ScopeLevel, policy.ScopeReference));
    }

    private static RetentionRuleModel ToModel(RetentionRule rule) =>
        new(
            rule.Id, rule.Priority, rule.Disabled, rule.Action, rule.Template,
            rule.Parameters.ToDictionary(
                p => p.Key,
                p => long.TryParse(p.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? (object)number : p.Value,
                StringComparer.Ordinal),
            [.. rule.TagSelectors.Select(ToModel)],
            new Dictionary<string, IReadOnlyList<RetentionSelectorModel>>(StringComparer.Ordinal)
            {
                [RetentionTemplateCatalog.RepositoryScope] = [.. rule.RepositorySelectors.Select(ToModel)],
            });

    private static RetentionSelectorModel ToModel(RetentionSelector selector) => new(selector.Kind, selector.Decoration, selector.Pattern, selector.Extras);

    private static bool TryReadTrigger(RetentionTriggerReq? body, out RetentionTrigger? trigger, out string? error)
    {
        trigger = null;
        error = null;
        if (body is null)
        {
            error = "trigger is required: {\"kind\":\"Schedule\",\"settings\":{\"cron\":\"\"}}";
            return false;
        }

        if (body.Settings is null || !body.Settings.TryGetValue("cron", out var cron))
        {
            error = "trigger.settings.cron is required (an empty string: no schedule)";
            return false;
        }

        if (cron.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            error = "invalid cron type for scheduled tag retention: must be a string";
            return false;
        }

        trigger = new RetentionTrigger(body.Kind ?? string.Empty, (cron.ValueKind == JsonValueKind.String ? cron.GetString()! : string.Empty).Trim());
        return true;
    }

    private static bool TryReadRule(RetentionRuleReq body, string field, out RetentionRule? rule, out string? error)
    {
        rule = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in body.Params ?? [])
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                parameters[name] = number.ToString(CultureInfo.InvariantCulture);
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                parameters[name] = value.GetString()!;
            }
            else
            {
                error = $"{field}.params.{name} must be an integer, not {value.GetRawText()}";
                return false;
            }
        }

        if (!TryReadSelectors(body.TagSelectors, $"{field}.tag_selectors", out var tags, out error))
        {
            return false;
        }

        IReadOnlyList<RetentionSelector> repositories = [];
        foreach (var (scope, selectors) in body.ScopeSelectors ?? [])
        {
            if (scope != RetentionTemplateCatalog.RepositoryScope)
            {
                error = $"{field}.scope_selectors.{scope} is not supported; use repository";
                return false;
            }

            if (!TryReadSelectors(selectors, $"{field}.scope_selectors.{scope}", out repositories, out error))
            {
                return false;
            }
        }

        rule = new RetentionRule(
            body.Id ?? 0, body.Priority ?? 0, body.Disabled ?? false, body.Action ?? string.Empty, body.Template ?? string.Empty, parameters, tags, repositories);
        return true;
    }

    private static bool TryReadSelectors(List<RetentionSelectorModel?>? models, string field, out IReadOnlyList<RetentionSelector> selectors, out string? error)
    {
        var read = new List<RetentionSelector>();
        selectors = read;
        error = null;
        for (var i = 0; i < (models?.Count ?? 0); i++)
        {
            if (models![i] is not { } model)
            {
                error = Invariant($"{field}[{i}] must be a selector object, not null");
                return false;
            }

            read.Add(new RetentionSelector(model.Kind ?? string.Empty, model.Decoration ?? string.Empty, model.Pattern ?? string.Empty, model.Extras is { Length: > 0 } extras ? extras : null));
        }

        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
