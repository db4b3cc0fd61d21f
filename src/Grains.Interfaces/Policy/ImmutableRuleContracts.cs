using ArtifactKeeper.Registry;

namespace ArtifactKeeper.Policy;

/// <summary>
/// One selector of an immutable rule, as Harbor spells it: <c>kind</c> (<c>doublestar</c>), <c>decoration</c>
/// (<c>matches</c>/<c>excludes</c> for tags, <c>repoMatches</c>/<c>repoExcludes</c> for repositories) and <c>pattern</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ImmutableSelector(string Kind, string Decoration, string Pattern);

/// <summary>
/// A tag immutability rule of one project (Harbor's ImmutableRule). Only the first tag selector and the first
/// <c>repository</c> scope selector take part in matching, as in Harbor; <see cref="ParamsJson"/> is kept as sent.
/// <see cref="Id"/> is 0 in a create request.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ImmutableRule(
    long Id,
    int Priority,
    bool Disabled,
    string Action,
    string Template,
    string? ParamsJson,
    IReadOnlyList<ImmutableSelector> TagSelectors,
    IReadOnlyDictionary<string, IReadOnlyList<ImmutableSelector>> ScopeSelectors)
{
    /// <summary>Harbor's only action and template for immutable rules.</summary>
    public const string ImmutableAction = "immutable", ImmutableTemplate = "immutable_template";

    /// <summary>The scope key whose selectors match repository names.</summary>
    public const string RepositoryScope = "repository";
}

/// <summary>Outcome of a rule command (create, update, delete); Rule is the rule afterwards (null after a delete).</summary>
[GenerateSerializer, Immutable]
public sealed record ImmutableRuleResult(RegistryError Error, string? Message, ImmutableRule? Rule)
{
    public bool Succeeded => Error == RegistryError.None;
}

/// <summary>A tag that an enabled rule makes immutable, and the rule (id and patterns) that does.</summary>
[GenerateSerializer, Immutable]
public sealed record ImmutableTagMatch(
    string Tag,
    long RuleId,
    string TagDecoration,
    string TagPattern,
    string RepositoryDecoration,
    string RepositoryPattern)
{
    /// <summary>The rule in words, for refusal messages: <c>immutable rule 3 (tags matches v*, repositories repoMatches **)</c>.</summary>
    public string DescribeRule() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"immutable rule {RuleId} (tags {TagDecoration} {TagPattern}, repositories {RepositoryDecoration} {RepositoryPattern})");
}
