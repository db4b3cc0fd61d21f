using ArtifactKeeper.Retention;
using static ArtifactKeeper.Tests.Unit.Retention.RetentionTestData;

namespace ArtifactKeeper.Tests.Unit.Retention;

public sealed class RetentionScopeTests
{
    private static RetentionRule Scoped(params RetentionSelector[] repositories) =>
        Rule(RetentionVocabulary.Always, null) with { RepositorySelectors = repositories };

    [Theory]
    [InlineData("ret", "library/ret", true)]
    [InlineData("ret", "library/other", false)]
    [InlineData("library/ret", "library/ret", false)]
    [InlineData("**", "library/team/app", true)]
    [InlineData("team/*", "library/team/app", true)]
    [InlineData("*", "library/team/app", false)]
    [InlineData("{app,web}", "p/web", true)]
    [InlineData("", "p/anything", true)]
    public void RepoMatches_sees_the_name_without_its_project(string pattern, string repository, bool matches)
    {
        Assert.Equal(matches, RetentionScope.Matches(Scoped(RepoMatches(pattern)), repository));
        Assert.Equal(!matches, RetentionScope.Matches(Scoped(RepoExcludes(pattern)), repository));
    }

    [Fact]
    public void Selectors_are_chained_and_none_means_every_repository()
    {
        var rule = Scoped(RepoMatches("app*"), RepoExcludes("app-legacy"));

        Assert.True(RetentionScope.Matches(rule, "p/app-new"));
        Assert.False(RetentionScope.Matches(rule, "p/app-legacy"));
        Assert.False(RetentionScope.Matches(rule, "p/web"));
        Assert.True(RetentionScope.Matches(Scoped(), "p/web"));
    }

    [Fact]
    public void Invalid_scope_matches_nothing_and_names_the_problem()
    {
        Assert.False(RetentionScope.Matches(Scoped(RepoMatches("a[")), "p/a"));
        Assert.False(RetentionScope.TryCompile([new RetentionSelector(RetentionVocabulary.Label, RetentionVocabulary.RepoMatches, "x", null)], out _, out var kind));
        Assert.Contains("kind 'label'", kind, StringComparison.Ordinal);
        Assert.False(RetentionScope.TryCompile([RetentionTestData.Matches("x")], out _, out var decoration));
        Assert.Contains("decoration 'matches'", decoration, StringComparison.Ordinal);
    }
}
