using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Tests.Unit.Policy;

public sealed class ImmutableRuleValidatorTests
{
    private static ImmutableRule Valid => ImmutableRuleSetTests.Rule(0, "v*.*.*", "**") with { Action = "", Template = "" };

    [Fact]
    public void TryNormalize_fills_Harbors_action_and_template()
    {
        Assert.True(ImmutableRuleValidator.TryNormalize(Valid, out var normalized, out var error), error);

        Assert.Equal(("immutable", "immutable_template"), (normalized.Action, normalized.Template));
        Assert.Equal(Valid.TagSelectors, normalized.TagSelectors);
    }

    public static TheoryData<string, ImmutableRule> Invalid() => new()
    {
        { "unknown action", Valid with { Action = "retain" } },
        { "unknown template", Valid with { Template = "latestPushedK" } },
        { "tag_selectors is required", Valid with { TagSelectors = [] } },
        { "tag_selectors[0]: unknown kind \"label\"", Valid with { TagSelectors = [new("label", "matches", "v*")] } },
        { "tag_selectors[0]: unknown decoration \"repoMatches\"", Valid with { TagSelectors = [new("doublestar", "repoMatches", "v*")] } },
        { "tag_selectors[0]: pattern is required", Valid with { TagSelectors = [new("doublestar", "matches", "")] } },
        { "tag_selectors[1]: invalid pattern \"v[\"", Valid with { TagSelectors = [new("doublestar", "matches", "v*"), new("doublestar", "excludes", "v[")] } },
        { "longer than 1024", Valid with { TagSelectors = [new("doublestar", "matches", new string('a', 1025))] } },
        { "scope_selectors.repository is required", Valid with { ScopeSelectors = new Dictionary<string, IReadOnlyList<ImmutableSelector>>() } },
        { "scope_selectors.repository is required: at least one", Valid with { ScopeSelectors = new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [] } } },
        {
            "unknown scope \"namespace\"",
            Valid with { ScopeSelectors = new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new("doublestar", "repoMatches", "**")], ["namespace"] = [] } }
        },
        {
            "scope_selectors.repository[0]: unknown decoration \"matches\"",
            Valid with { ScopeSelectors = new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new("doublestar", "matches", "**")] } }
        },
        {
            "scope_selectors.repository[0]: invalid pattern \"{app\"",
            Valid with { ScopeSelectors = new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new("doublestar", "repoExcludes", "{app")] } }
        },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryNormalize_refuses_with_a_precise_reason(string reason, ImmutableRule rule)
    {
        Assert.False(ImmutableRuleValidator.TryNormalize(rule, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void SameContent_ignores_id_and_disabled_but_not_priority_or_patterns()
    {
        var rule = ImmutableRuleSetTests.Rule(1, "v*", "**");

        Assert.True(ImmutableRuleValidator.SameContent(rule, rule with { Id = 9, Disabled = true }));
        Assert.False(ImmutableRuleValidator.SameContent(rule, rule with { Priority = 1 }));
        Assert.False(ImmutableRuleValidator.SameContent(rule, ImmutableRuleSetTests.Rule(1, "v*", "app")));
        Assert.False(ImmutableRuleValidator.SameContent(rule, ImmutableRuleSetTests.Rule(1, "v*", "**", "excludes")));
        Assert.False(ImmutableRuleValidator.SameContent(rule, rule with { ParamsJson = "{}" }));
    }
}
