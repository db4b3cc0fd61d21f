using ArtifactKeeper.Retention;
using static ArtifactKeeper.Tests.Unit.Retention.RetentionTestData;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class RetentionTagFilterTests
{
    private static RetentionTagFilter Filter(params RetentionSelector[] selectors)
    {
        Assert.True(RetentionTagFilter.TryCompile(selectors, out var filter, out var error), error);
        return filter!;
    }

    private static string Error(params RetentionSelector[] selectors)
    {
        Assert.False(RetentionTagFilter.TryCompile(selectors, out _, out var error));
        return error!;
    }

    [Theory]
    [InlineData("v*", "v1.2", true)]
    [InlineData("v*", "latest", false)]
    [InlineData("v*", "v1/x", false)]
    [InlineData("{latest,stable}", "stable", true)]
    [InlineData("release-[0-9]*", "release-7", true)]
    [InlineData("", "anything", true)]
    [InlineData("**", "anything", true)]
    public void Doublestar_matches_the_whole_tag(string pattern, string tag, bool selected)
    {
        Assert.Equal(selected, Filter(Matches(pattern)).Selects(Tag(tag)));
        Assert.Equal(!selected, Filter(Excludes(pattern)).Selects(Tag(tag)));
    }

    [Theory]
    [InlineData(@"v\d+\.\d+", "v1.20", true)]
    [InlineData(@"v\d+\.\d+", "v1.20-rc1", false)]
    [InlineData(@"\d+", "build-12", false)]
    [InlineData("rc|beta", "beta", true)]
    public void Regexp_matches_the_whole_tag(string pattern, string tag, bool selected)
    {
        Assert.Equal(selected, Filter(Matches(pattern, kind: RetentionVocabulary.Regexp)).Selects(Tag(tag)));
        Assert.Equal(!selected, Filter(Excludes(pattern, kind: RetentionVocabulary.Regexp)).Selects(Tag(tag)));
    }

    [Theory]
    [InlineData(RetentionVocabulary.Matches, true, true)]
    [InlineData(RetentionVocabulary.Matches, false, false)]
    [InlineData(RetentionVocabulary.Matches, null, true)]
    [InlineData(RetentionVocabulary.Excludes, true, false)]
    [InlineData(RetentionVocabulary.Excludes, false, true)]
    [InlineData(RetentionVocabulary.Excludes, null, true)]
    public void Untagged_artifacts_count_as_matching_when_extras_say_untagged(string decoration, bool? untagged, bool selected)
    {
        var selector = decoration == RetentionVocabulary.Matches ? Matches("v*", untagged) : Excludes("v*", untagged);

        var filter = Filter(selector);

        Assert.Equal(selected, filter.Selects(Untagged("sha256:u")));
        Assert.Equal(selected, filter.SelectsUntagged);
    }

    [Fact]
    public void Unreadable_extras_fall_back_to_Harbor_defaults()
    {
        Assert.True(Filter(new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.Matches, "v*", "not json")).Selects(Untagged("sha256:u")));
        Assert.True(Filter(new RetentionSelector(RetentionVocabulary.Doublestar, RetentionVocabulary.Matches, "v*", "{\"untagged\":\"yes\"}")).Selects(Untagged("sha256:u")));
    }

    [Fact]
    public void Label_selectors_need_every_label_or_none()
    {
        var both = Tag("a", labels: ["prod", "eu"]);
        var one = Tag("b", labels: ["prod"]);
        var none = Tag("c");
        var with = Filter(new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.WithLabels, "prod, eu", null));
        var without = Filter(new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.WithoutLabels, "prod,eu", null));

        Assert.Equal([true, false, false], new[] { both, one, none }.Select(with.Selects));
        Assert.Equal([false, false, true], new[] { both, one, none }.Select(without.Selects));
    }

    [Fact]
    public void Selectors_are_chained_with_and()
    {
        var filter = Filter(Matches("v*"), Excludes("*-rc*"), new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.WithLabels, "prod", null));

        Assert.True(filter.Selects(Tag("v1", labels: ["prod"])));
        Assert.False(filter.Selects(Tag("v1-rc1", labels: ["prod"])));
        Assert.False(filter.Selects(Tag("v1")));
        Assert.False(filter.Selects(Tag("latest", labels: ["prod"])));
    }

    [Fact]
    public void No_selectors_select_every_tag_but_no_untagged_artifact()
    {
        var filter = Filter();

        Assert.True(filter.Selects(Tag("anything")));
        Assert.False(filter.Selects(Untagged("sha256:u")));
        Assert.False(filter.SelectsUntagged);
    }

    [Fact]
    public void Invalid_selectors_are_refused_with_a_reason()
    {
        Assert.Contains("invalid doublestar pattern 'v[1'", Error(Matches("v[1")), StringComparison.Ordinal);
        Assert.Contains("invalid regular expression", Error(Matches("v(", kind: RetentionVocabulary.Regexp)), StringComparison.Ordinal);
        Assert.Contains("kind 'semver'", Error(Matches("v*", kind: "semver")), StringComparison.Ordinal);
        Assert.Contains("decoration 'repoMatches'", Error(RepoMatches("**")), StringComparison.Ordinal);
        Assert.Contains("decoration 'matches'", Error(new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.Matches, "x", null)), StringComparison.Ordinal);
    }
}
