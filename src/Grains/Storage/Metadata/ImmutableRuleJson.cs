using System.Text.Json;
using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Storage.Metadata;

/// <summary>How both backends store a rule's selectors: JSON arrays and objects of <c>{kind, decoration, pattern}</c>.</summary>
internal static class ImmutableRuleJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string TagSelectors(ImmutableRule rule) => JsonSerializer.Serialize(rule.TagSelectors, Options);

    public static string ScopeSelectors(ImmutableRule rule) => JsonSerializer.Serialize(rule.ScopeSelectors, Options);

    public static ImmutableRule Read(
        long id, int priority, bool disabled, string action, string template, string? parameters, string tagSelectors, string scopeSelectors)
    {
        var tags = JsonSerializer.Deserialize<List<ImmutableSelector>>(tagSelectors, Options) ?? [];
        var scopes = JsonSerializer.Deserialize<Dictionary<string, List<ImmutableSelector>>>(scopeSelectors, Options) ?? [];
        return new ImmutableRule(
            id, priority, disabled, action, template, parameters, tags,
            scopes.ToDictionary(s => s.Key, s => (IReadOnlyList<ImmutableSelector>)s.Value, StringComparer.Ordinal));
    }
}
