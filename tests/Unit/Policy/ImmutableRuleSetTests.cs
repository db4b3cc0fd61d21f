using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Tests.Unit.Policy;

public sealed class ImmutableRuleSetTests
{
    internal static ImmutableRule Rule(long id, string tags, string repositories, string tagDecoration = "matches", string repoDecoration = "repoMatches", bool disabled = false) =>
        new(id, 0, disabled, "immutable", "immutable_template", null,
            [new ImmutableSelector("doublestar", tagDecoration, tags)],
            new Dictionary<string, IReadOnlyList<ImmutableSelector>> { ["repository"] = [new ImmutableSelector("doublestar", repoDecoration, repositories)] });

    [Theory]
    [InlineData("app", "v1.2.3", true)]
    [InlineData("team/app", "v1.2.3", true)]
    [InlineData("app", "latest", false)]
    [InlineData("app", "v1.2", false)]
    public void Match_semver_tags_in_every_repository(string repository, string tag, bool immutable)
    {
        var set = new ImmutableRuleSet([Rule(1, "v*.*.*", "**")]);

        Assert.Equal(immutable, set.Match(repository, tag) is not null);
    }

    [Fact]
    public void Match_names_the_rule_and_its_patterns()
    {
        var match = new ImmutableRuleSet([Rule(7, "v*", "app")]).Match("app", "v1");

        Assert.Equal(new ImmutableTagMatch("v1", 7, "matches", "v*", "repoMatches", "app"), match);
        Assert.Equal("immutable rule 7 (tags matches v*, repositories repoMatches app)", match!.DescribeRule());
    }

    [Fact]
    public void Repository_pattern_sees_the_name_without_project()
    {
        Assert.Equal("app", ImmutableRuleSet.WithoutProject("production/app"));
        Assert.Equal("team/app", ImmutableRuleSet.WithoutProject("production/team/app"));
        Assert.Equal("app", ImmutableRuleSet.WithoutProject("app"));

        var set = new ImmutableRuleSet([Rule(1, "**", "app")]);
        Assert.NotNull(set.Match(ImmutableRuleSet.WithoutProject("production/app"), "x"));
        Assert.Null(set.Match(ImmutableRuleSet.WithoutProject("production/team/app"), "x"));
    }

    [Theory]
    [InlineData("app", "v1", false)]
    [InlineData("app", "latest", true)]
    [InlineData("web", "latest", false)]
    public void Excludes_decorations_invert_the_pattern(string repository, string tag, bool immutable)
    {
        var set = new ImmutableRuleSet([Rule(1, "v*", "web", "excludes", "repoExcludes")]);

        Assert.Equal(immutable, set.Match(repository, tag) is not null);
    }

    [Fact]
    public void Disabled_rules_do_not_match_and_the_lowest_id_wins()
    {
        var set = new ImmutableRuleSet([Rule(5, "v*", "**"), Rule(2, "v1*", "**"), Rule(1, "**", "**", disabled: true)]);

        Assert.Equal(2, set.Match("app", "v1.0")!.RuleId);
        Assert.Equal(5, set.Match("app", "v2.0")!.RuleId);
        Assert.Null(set.Match("app", "latest"));
    }

    [Fact]
    public void Only_the_first_selector_of_each_kind_counts_and_broken_stored_rules_are_skipped()
    {
        var twoSelectors = Rule(1, "v*", "**") with
        {
            TagSelectors = [new ImmutableSelector("doublestar", "matches", "v*"), new ImmutableSelector("doublestar", "matches", "latest")],
        };
        var broken = Rule(2, "[", "**");
        var noScope = Rule(3, "**", "**") with { ScopeSelectors = new Dictionary<string, IReadOnlyList<ImmutableSelector>>() };

        var set = new ImmutableRuleSet([twoSelectors, broken, noScope]);

        Assert.NotNull(set.Match("app", "v1"));
        Assert.Null(set.Match("app", "latest"));
        Assert.Same(ImmutableRuleSet.Empty, ImmutableRuleSet.Empty);
        Assert.Null(ImmutableRuleSet.Empty.Match("app", "v1"));
    }
}
