using ArtifactKeeper.Registry;
using ArtifactKeeper.Retention;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class RetentionPolicyValidatorTests
{
    private static RetentionSelector Tags(string pattern, string decoration = "matches", string kind = "doublestar") => new(kind, decoration, pattern, null);

    private static RetentionSelector Repos(string pattern, string decoration = "repoMatches") => new("doublestar", decoration, pattern, null);

    private static RetentionRule Rule(string template = "latestPushedK", string? count = "10", params RetentionSelector[] tags) =>
        new(
            1, 0, false, "retain", template,
            count is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [template] = count },
            tags.Length == 0 ? [Tags("**")] : tags,
            [Repos("**")]);

    private static RetentionPolicy Policy(params RetentionRule[] rules) =>
        new(0, "project", 7, "or", rules, new RetentionTrigger("Schedule", string.Empty), default, default);

    [Fact]
    public void Every_template_with_its_parameter_in_range_is_valid()
    {
        var policy = Policy(
            Rule("latestPushedK", "0"), Rule("latestPulledN", "32766"), Rule("nDaysSinceLastPush", "20190904"), Rule("nDaysSinceLastPull", "1"), Rule("always", null),
            Rule("latestPushedK", "3", Tags("v.*", "excludes", "regexp")), Rule("latestPushedK", "4", new RetentionSelector("label", "withLabels", "prod,stable", null)))
            with { Trigger = new RetentionTrigger("Schedule", "0 0 0 * * *") };

        Assert.Equal((RegistryError.None, (string?)null), RetentionPolicyValidator.Validate(policy));
    }

    [Theory]
    [InlineData("latestPushedK", "-1", "latestPushedK must be an integer from 0 to 32766")]
    [InlineData("latestPushedK", "32767", "latestPushedK must be an integer from 0 to 32766")]
    [InlineData("latestPulledN", "ten", "latestPulledN must be an integer from 0 to 32766, not 'ten'")]
    [InlineData("nDaysSinceLastPush", "20190905", "nDaysSinceLastPush must be an integer from 0 to 20190904")]
    [InlineData("nDaysSinceLastPull", null, "missing required parameter nDaysSinceLastPull")]
    [InlineData("latestActiveK", "1", "unknown template 'latestActiveK'")]
    public void A_bad_template_or_parameter_is_a_bad_request_naming_the_rule(string template, string? count, string message)
    {
        var (error, text) = RetentionPolicyValidator.Validate(Policy(Rule(), Rule(template, count)));

        Assert.Equal(RegistryError.BadRequest, error);
        Assert.StartsWith("rule 1: ", text, StringComparison.Ordinal);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("doublestar", "repoMatches", "v*", "decoration 'repoMatches' is not one of matches, excludes")]
    [InlineData("glob", "matches", "v*", "unknown selector kind 'glob'")]
    [InlineData("doublestar", "matches", "", "must not be empty")]
    [InlineData("doublestar", "matches", "v{1", "invalid pattern 'v{1'")]
    [InlineData("regexp", "matches", "v(", "v(")]
    [InlineData("label", "matches", "prod", "decoration 'matches' is not one of withLabels, withoutLabels")]
    public void A_bad_tag_selector_is_a_bad_request(string kind, string decoration, string pattern, string message)
    {
        var (error, text) = RetentionPolicyValidator.Validate(Policy(Rule(tags: Tags(pattern, decoration, kind))));

        Assert.Equal(RegistryError.BadRequest, error);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scope_selectors_must_be_doublestar_repo_decorations_and_extras_a_json_object()
    {
        var badScope = Rule() with { RepositorySelectors = [Repos("**", "matches")] };
        var noScope = Rule() with { RepositorySelectors = [] };
        var noTags = Rule() with { TagSelectors = [] };
        var badExtras = Rule(tags: new RetentionSelector("doublestar", "matches", "**", "untagged"));
        var goodExtras = Rule(tags: new RetentionSelector("doublestar", "matches", "**", """{"untagged":true}"""));

        Assert.Contains("is not one of repoMatches, repoExcludes", RetentionPolicyValidator.Validate(Policy(badScope)).Message, StringComparison.Ordinal);
        Assert.Contains("scope_selectors.repository must name at least one selector", RetentionPolicyValidator.Validate(Policy(noScope)).Message, StringComparison.Ordinal);
        Assert.Contains("tag_selectors must name at least one selector", RetentionPolicyValidator.Validate(Policy(noTags)).Message, StringComparison.Ordinal);
        Assert.Contains("extras must be a JSON object", RetentionPolicyValidator.Validate(Policy(badExtras)).Message, StringComparison.Ordinal);
        Assert.Equal(RegistryError.None, RetentionPolicyValidator.Validate(Policy(goodExtras)).Error);
    }

    [Fact]
    public void Policy_level_checks_follow_Harbor()
    {
        Assert.Contains("scope level 'system'", RetentionPolicyValidator.Validate(Policy(Rule()) with { ScopeLevel = "system" }).Message, StringComparison.Ordinal);
        Assert.Contains("invalid Project id 0", RetentionPolicyValidator.Validate(Policy(Rule()) with { ScopeReference = 0 }).Message, StringComparison.Ordinal);
        Assert.Contains("algorithm 'and'", RetentionPolicyValidator.Validate(Policy(Rule()) with { Algorithm = "and" }).Message, StringComparison.Ordinal);
        Assert.Contains("action 'delete'", RetentionPolicyValidator.Validate(Policy(Rule() with { Action = "delete" })).Message, StringComparison.Ordinal);
        Assert.Contains("trigger kind 'Event'", RetentionPolicyValidator.Validate(Policy(Rule()) with { Trigger = new RetentionTrigger("Event", string.Empty) }).Message, StringComparison.Ordinal);
        Assert.Contains(
            "invalid cron string for scheduled tag retention: 0 0 0 * *",
            RetentionPolicyValidator.Validate(Policy(Rule()) with { Trigger = new RetentionTrigger("Schedule", "0 0 0 * *") }).Message,
            StringComparison.Ordinal);
        Assert.Equal(RegistryError.None, RetentionPolicyValidator.Validate(Policy()).Error);
    }

    [Fact]
    public void At_most_15_rules_and_no_two_identical_ones()
    {
        var sixteen = Policy([.. Enumerable.Range(0, 16).Select(i => Rule(count: i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        var fifteen = sixteen with { Rules = [.. sixteen.Rules.Take(15)] };
        var twins = Policy(Rule(), Rule("always", null), Rule() with { Id = 9 });

        Assert.Equal((RegistryError.BadRequest, "only 15 rules are allowed at most"), RetentionPolicyValidator.Validate(sixteen));
        Assert.Equal(RegistryError.None, RetentionPolicyValidator.Validate(fifteen).Error);
        Assert.Equal((RegistryError.Conflict, "rule 2 is conflict with rule 0"), RetentionPolicyValidator.Validate(twins));
        Assert.False(RetentionPolicyValidator.SameContent(Rule(), Rule() with { Disabled = true }));
    }
}
