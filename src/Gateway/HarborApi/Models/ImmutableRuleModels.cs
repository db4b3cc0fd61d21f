using System.Text.Json;
using System.Text.Json.Serialization;

namespace ArtifactKeeper.HarborApi.Models;

/// <summary>Harbor's ImmutableRule as a request body (POST and PUT); every field is optional here and checked later.</summary>
public sealed class ImmutableRuleReq
{
    [JsonPropertyName("id")]
    public long? Id { get; set; }

    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    [JsonPropertyName("disabled")]
    public bool? Disabled { get; set; }

    [JsonPropertyName("action")]
    public string? Action { get; set; }

    [JsonPropertyName("template")]
    public string? Template { get; set; }

    [JsonPropertyName("params")]
    public JsonElement? Params { get; set; }

    [JsonPropertyName("tag_selectors")]
    public List<ImmutableSelectorModel?>? TagSelectors { get; set; }

    [JsonPropertyName("scope_selectors")]
    public Dictionary<string, List<ImmutableSelectorModel?>?>? ScopeSelectors { get; set; }
}

/// <summary>Harbor's ImmutableSelector; <c>extras</c> is accepted and ignored, as Harbor's immutable rules ignore it.</summary>
public sealed class ImmutableSelectorModel
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("decoration")]
    public string? Decoration { get; set; }

    [JsonPropertyName("pattern")]
    public string? Pattern { get; set; }

    [JsonPropertyName("extras")]
    public string? Extras { get; set; }
}

/// <summary>Harbor's ImmutableRule as listed (Harbor's list shows neither params nor extras).</summary>
public sealed record ImmutableRuleModel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("disabled")] bool Disabled,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("tag_selectors")] IReadOnlyList<ImmutableSelectorOut> TagSelectors,
    [property: JsonPropertyName("scope_selectors")] IReadOnlyDictionary<string, IReadOnlyList<ImmutableSelectorOut>> ScopeSelectors);

/// <summary>A selector as listed.</summary>
public sealed record ImmutableSelectorOut(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("decoration")] string Decoration,
    [property: JsonPropertyName("pattern")] string Pattern);
