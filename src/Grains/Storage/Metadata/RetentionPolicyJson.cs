using System.Text.Json;
using System.Text.Json.Serialization;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>
/// How both backends store a policy's rules and trigger: Harbor's rule JSON (<c>params</c> as strings,
/// <c>scope_selectors.repository</c>) and <c>{"kind","settings":{"cron"}}</c>.
/// </summary>
internal static class RetentionPolicyJson
{
    private const string RepositoryScope = "repository";

    public static string Rules(IReadOnlyList<RetentionRule> rules) =>
        JsonSerializer.Serialize(rules.Select(r => new StoredRule(
            r.Id, r.Priority, r.Disabled, r.Action, r.Template, new Dictionary<string, string>(r.Parameters, StringComparer.Ordinal),
            [.. r.TagSelectors.Select(Stored)],
            new Dictionary<string, List<StoredSelector>>(StringComparer.Ordinal) { [RepositoryScope] = [.. r.RepositorySelectors.Select(Stored)] })).ToList());

    public static IReadOnlyList<RetentionRule> ReadRules(string json) =>
        [.. (JsonSerializer.Deserialize<List<StoredRule>>(json) ?? []).Select(r => new RetentionRule(
            r.Id, r.Priority, r.Disabled, r.Action, r.Template, r.Params,
            [.. r.TagSelectors.Select(Read)],
            [.. (r.ScopeSelectors.GetValueOrDefault(RepositoryScope) ?? []).Select(Read)]))];

    public static string Trigger(RetentionTrigger trigger) =>
        JsonSerializer.Serialize(new StoredTrigger(trigger.Kind, new StoredSettings(trigger.Cron)));

    public static RetentionTrigger ReadTrigger(string json)
    {
        var stored = JsonSerializer.Deserialize<StoredTrigger>(json);
        return new RetentionTrigger(stored?.Kind ?? RetentionTrigger.ScheduleKind, stored?.Settings?.Cron ?? string.Empty);
    }

    private static StoredSelector Stored(RetentionSelector s) => new(s.Kind, s.Decoration, s.Pattern, s.Extras);

    private static RetentionSelector Read(StoredSelector s) => new(s.Kind, s.Decoration, s.Pattern, s.Extras);

    private sealed record StoredRule(
        [property: JsonPropertyName("id")] int Id,
        [property: JsonPropertyName("priority")] int Priority,
        [property: JsonPropertyName("disabled")] bool Disabled,
        [property: JsonPropertyName("action")] string Action,
        [property: JsonPropertyName("template")] string Template,
        [property: JsonPropertyName("params")] Dictionary<string, string> Params,
        [property: JsonPropertyName("tag_selectors")] List<StoredSelector> TagSelectors,
        [property: JsonPropertyName("scope_selectors")] Dictionary<string, List<StoredSelector>> ScopeSelectors);

    private sealed record StoredSelector(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("decoration")] string Decoration,
        [property: JsonPropertyName("pattern")] string Pattern,
        [property: JsonPropertyName("extras")] string? Extras);

    private sealed record StoredTrigger(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("settings")] StoredSettings? Settings);

    private sealed record StoredSettings([property: JsonPropertyName("cron")] string Cron);
}
