using ArtifactKeeper.Retention;
using static ArtifactKeeper.Tests.Unit.Retention.RetentionTestData;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class CompiledRetentionRuleTests
{
    private static List<string> Retained(RetentionRule rule, params RetentionCandidate[] candidates) =>
        Compile(rule).Retain(candidates, Now).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();

    private static string Error(RetentionRule rule)
    {
        Assert.False(CompiledRetentionRule.TryCompile(rule, out _, out var error));
        return error!;
    }

    [Fact]
    public void LatestPushedK_keeps_the_k_most_recently_pushed()
    {
        var rule = Rule(RetentionVocabulary.LatestPushedK, 2);

        Assert.Equal(["b", "c"], Retained(rule, Tag("a", pushedMinutesAgo: 30), Tag("b", pushedMinutesAgo: 1), Tag("c", pushedMinutesAgo: 2), Tag("d", pushedMinutesAgo: 9)));
        Assert.Equal(["a"], Retained(rule, Tag("a")));
        Assert.Empty(Retained(Rule(RetentionVocabulary.LatestPushedK, 0), Tag("a")));
    }

    [Fact]
    public void LatestPushedK_breaks_ties_by_the_greater_tag_whatever_the_input_order()
    {
        var rule = Rule(RetentionVocabulary.LatestPushedK, 2);
        var tied = new[] { Tag("v1"), Tag("v3"), Tag("v2"), Tag("v0") };

        Assert.Equal(["v2", "v3"], Retained(rule, tied));
        Assert.Equal(["v2", "v3"], Retained(rule, [.. tied.Reverse()]));
    }

    [Fact]
    public void LatestPulledN_ranks_by_pull_time_never_pulled_last_then_by_push_time()
    {
        var rule = Rule(RetentionVocabulary.LatestPulledN, 4);

        Assert.Equal(["a", "b", "c", "fresh"], Retained(
            rule,
            Tag("a", pulledMinutesAgo: 5),
            Tag("b", pulledMinutesAgo: 50, pushedMinutesAgo: 100),
            Tag("old", pushedMinutesAgo: 10),
            Tag("fresh", pushedMinutesAgo: 1),
            Tag("c", pulledMinutesAgo: 500)));
    }

    [Fact]
    public void Count_rules_rank_within_each_group()
    {
        var rule = Rule(RetentionVocabulary.LatestPushedK, 1);

        Assert.Equal(["amd-new", "arm-new", "none"], Retained(
            rule,
            Tag("amd-old", pushedMinutesAgo: 9, group: "amd64"),
            Tag("amd-new", pushedMinutesAgo: 1, group: "amd64"),
            Tag("arm-new", pushedMinutesAgo: 5, group: "arm64"),
            Tag("arm-old", pushedMinutesAgo: 7, group: "arm64"),
            Tag("none", pushedMinutesAgo: 100)));
    }

    [Fact]
    public void NDaysSinceLastPush_keeps_those_pushed_within_n_days_inclusive()
    {
        var rule = Rule(RetentionVocabulary.NDaysSinceLastPush, 7);

        Assert.Equal(["edge", "new"], Retained(
            rule, Tag("new", pushedMinutesAgo: 60), Tag("edge", pushedMinutesAgo: 7 * 24 * 60), Tag("old", pushedMinutesAgo: 7 * 24 * 60 + 1)));
        Assert.Empty(Retained(Rule(RetentionVocabulary.NDaysSinceLastPush, 0), Tag("a", pushedMinutesAgo: 1)));
    }

    [Fact]
    public void NDaysSinceLastPull_keeps_those_pulled_within_n_days_and_never_the_unpulled()
    {
        var rule = Rule(RetentionVocabulary.NDaysSinceLastPull, 1);

        Assert.Equal(["recent"], Retained(rule, Tag("recent", pulledMinutesAgo: 60), Tag("stale", pulledMinutesAgo: 24 * 60 + 1), Tag("never")));
    }

    [Fact]
    public void Always_keeps_every_selected_candidate()
    {
        Assert.Equal(["a", "b"], Retained(Rule(RetentionVocabulary.Always, null), Tag("a", pushedMinutesAgo: 99999), Tag("b")));
    }

    [Theory]
    [InlineData("10", 10)]
    [InlineData("10.0", 10)]
    [InlineData("0", 0)]
    [InlineData("32766", 32766)]
    public void Parameters_are_whole_invariant_numbers(string text, int expected)
    {
        var rule = Rule(RetentionVocabulary.LatestPushedK, null) with
        {
            Parameters = new Dictionary<string, string> { [RetentionVocabulary.LatestPushedK] = text },
        };

        Assert.Equal(expected, Compile(rule).Parameter);
    }

    [Fact]
    public void Invalid_rules_are_refused_naming_the_rule_and_the_problem()
    {
        var k = Rule(RetentionVocabulary.LatestPushedK, 1);
        Assert.Equal("rule 1: missing required parameter latestPushedK for template latestPushedK", Error(k with { Parameters = new Dictionary<string, string>() }));
        Assert.Contains("whole number, not 'ten'", Error(k with { Parameters = new Dictionary<string, string> { ["latestPushedK"] = "ten" } }), StringComparison.Ordinal);
        Assert.Contains("whole number, not '1.5'", Error(k with { Parameters = new Dictionary<string, string> { ["latestPushedK"] = "1.5" } }), StringComparison.Ordinal);
        Assert.Contains("between 0 and 32766", Error(k with { Parameters = new Dictionary<string, string> { ["latestPushedK"] = "-1" } }), StringComparison.Ordinal);
        Assert.Contains("between 0 and 32766", Error(k with { Parameters = new Dictionary<string, string> { ["latestPushedK"] = "32767" } }), StringComparison.Ordinal);
        Assert.Contains("between 0 and 20190904", Error(Rule(RetentionVocabulary.NDaysSinceLastPull, 20190905)), StringComparison.Ordinal);
        Assert.Contains("template 'latestActiveK' is not one of", Error(k with { Template = "latestActiveK" }), StringComparison.Ordinal);
        Assert.Contains("action 'delete' is not retain", Error(k with { Action = "delete" }), StringComparison.Ordinal);
        Assert.Contains("invalid doublestar pattern", Error(k with { TagSelectors = [Matches("[")] }), StringComparison.Ordinal);
        Assert.Contains("repository selector", Error(k with { RepositorySelectors = [Matches("**")] }), StringComparison.Ordinal);
    }

    [Fact]
    public void Description_names_the_rule_template_parameter_and_selectors()
    {
        Assert.Equal("rule 1 (latestPushedK 10; tags doublestar matches v*)", Compile(Rule(RetentionVocabulary.LatestPushedK, 10, Matches("v*"))).Description);
        Assert.Equal("rule 1 (always; all tags)", Compile(Rule(RetentionVocabulary.Always, null)).Description);
    }
}
