using System.Globalization;
using System.Text.Json;
using ArtifactKeeper.HarborApi.Models;
using ArtifactKeeper.Policy;

namespace ArtifactKeeper.HarborApi;

/// <summary>
/// Turns Harbor's ImmutableRule JSON into the grain's <see cref="ImmutableRule"/> and back. Shape errors (a null
/// selector, params that are not an object) are reported here; the rule's meaning is checked by the project grain.
/// </summary>
public static class ImmutableRuleInput
{
    public static bool TryRead(ImmutableRuleReq body, long id, out ImmutableRule? rule, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        rule = null;
        error = null;
        string? parameters = null;
        if (body.Params is { } raw && raw.ValueKind != JsonValueKind.Null)
        {
            if (raw.ValueKind != JsonValueKind.Object)
            {
                error = "params must be a JSON object";
                return false;
            }

            parameters = raw.GetRawText();
        }

        if (!TryReadSelectors(body.TagSelectors, "tag_selectors", out var tags, out error))
        {
            return false;
        }

        var scopes = new Dictionary<string, IReadOnlyList<ImmutableSelector>>(StringComparer.Ordinal);
        foreach (var (scope, selectors) in body.ScopeSelectors ?? [])
        {
            if (!TryReadSelectors(selectors, $"scope_selectors.{scope}", out var read, out error))
            {
                return false;
            }

            scopes[scope] = read;
        }

        rule = new ImmutableRule(
            id, body.Priority ?? 0, body.Disabled ?? false, body.Action ?? string.Empty, body.Template ?? string.Empty, parameters, tags, scopes);
        return true;
    }

    public static ImmutableRuleModel ToModel(ImmutableRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new ImmutableRuleModel(
            rule.Id, rule.Priority, rule.Disabled, rule.Action, rule.Template, [.. rule.TagSelectors.Select(ToModel)],
            rule.ScopeSelectors.ToDictionary(s => s.Key, s => (IReadOnlyList<ImmutableSelectorOut>)[.. s.Value.Select(ToModel)], StringComparer.Ordinal));
    }

    private static ImmutableSelectorOut ToModel(ImmutableSelector selector) => new(selector.Kind, selector.Decoration, selector.Pattern);

    private static bool TryReadSelectors(List<ImmutableSelectorModel?>? models, string field, out IReadOnlyList<ImmutableSelector> selectors, out string? error)
    {
        var read = new List<ImmutableSelector>();
        selectors = read;
        error = null;
        for (var i = 0; i < (models?.Count ?? 0); i++)
        {
            if (models![i] is not { } model)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{field}[{i}] must be a selector object, not null");
                return false;
            }

            read.Add(new ImmutableSelector(model.Kind ?? string.Empty, model.Decoration ?? string.Empty, model.Pattern ?? string.Empty));
        }

        return true;
    }
}
