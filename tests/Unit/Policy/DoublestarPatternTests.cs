using ArtifactKeeper.Policy;

namespace ArtifactKeeper.Tests.Unit.Policy;

/// <summary>The doublestar semantics Harbor's selectors rely on (bmatcuk/doublestar v4's Match).</summary>
public sealed class DoublestarPatternTests
{
    [Theory]
    // '*' stays within one path component.
    [InlineData("*", "", true)]
    [InlineData("*", "abc", true)]
    [InlineData("*", "a/b", false)]
    [InlineData("a*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("a*c", "a/c", false)]
    [InlineData("*/*", "a/b", true)]
    [InlineData("*/*", "a/b/c", false)]
    // '**' as a whole component crosses separators, zero components included.
    [InlineData("**", "", true)]
    [InlineData("**", "a", true)]
    [InlineData("**", "a/b/c", true)]
    [InlineData("a/**", "a", true)]
    [InlineData("a/**", "a/b", true)]
    [InlineData("a/**", "a/b/c", true)]
    [InlineData("a/**", "ab", false)]
    [InlineData("a/**", "b/a", false)]
    [InlineData("**/c", "c", true)]
    [InlineData("**/c", "a/b/c", true)]
    [InlineData("**/c", "a/bc", false)]
    [InlineData("a/**/c", "a/c", true)]
    [InlineData("a/**/c", "a/b/c", true)]
    [InlineData("a/**/c", "a/b/x/c", true)]
    [InlineData("a/**/c", "a/bc", false)]
    [InlineData("a/**/c", "ab/c", false)]
    // '**' inside a component is a plain '*'.
    [InlineData("a**", "abc", true)]
    [InlineData("a**", "a/b", false)]
    [InlineData("**b", "ab", true)]
    [InlineData("**b", "a/b", false)]
    // '?' is one character, never a separator.
    [InlineData("?", "a", true)]
    [InlineData("?", "", false)]
    [InlineData("?", "ab", false)]
    [InlineData("?", "/", false)]
    [InlineData("v?", "v1", true)]
    // Classes: sets, ranges, negation with ! or ^, never a separator.
    [InlineData("[abc]", "b", true)]
    [InlineData("[abc]", "d", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[a-c]x", "dx", false)]
    [InlineData("[!a-c]", "d", true)]
    [InlineData("[!a-c]", "a", false)]
    [InlineData("[^a-c]", "d", true)]
    [InlineData("[^a-c]", "b", false)]
    [InlineData("[!a]", "/", false)]
    [InlineData("[/]", "/", false)]
    [InlineData("[a-]", "-", true)]
    [InlineData("[-a]", "-", true)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("[z-a]", "m", false)]
    [InlineData("v[0-9].[0-9]", "v1.2", true)]
    [InlineData("v[0-9].[0-9]", "vx.2", false)]
    // Alternatives, nested, empty, holding other syntax and separators.
    [InlineData("{a,b}", "a", true)]
    [InlineData("{a,b}", "b", true)]
    [InlineData("{a,b}", "c", false)]
    [InlineData("{a,b}", "ab", false)]
    [InlineData("v{1,2}.*", "v2.0", true)]
    [InlineData("v{1,2}.*", "v3.0", false)]
    [InlineData("{app,web/**}", "web/x/y", true)]
    [InlineData("{app,web/**}", "app", true)]
    [InlineData("{app,web/**}", "app/x", false)]
    [InlineData("{a,{b,c}d}", "cd", true)]
    [InlineData("{a,{b,c}d}", "c", false)]
    [InlineData("{,x}a", "a", true)]
    [InlineData("{,x}a", "xa", true)]
    [InlineData("{**,x}", "a/b", true)]
    [InlineData("{*,x}", "a/b", false)]
    // Escapes and characters that mean something to other syntaxes.
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "a", false)]
    [InlineData("\\{a\\}", "{a}", true)]
    [InlineData("a+b(c)", "a+b(c)", true)]
    [InlineData("^$|.", "^$|.", true)]
    [InlineData("v1.2", "v1x2", false)]
    [InlineData("a}b", "a}b", true)]
    [InlineData("a,b", "a,b", true)]
    // Whole-value, case-sensitive matching.
    [InlineData("app", "app", true)]
    [InlineData("app", "App", false)]
    [InlineData("app", "app2", false)]
    [InlineData("app", "myapp", false)]
    // Harbor's usual rules.
    [InlineData("v*.*.*", "v1.2.3", true)]
    [InlineData("v*.*.*", "v1.2.3-rc1", true)]
    [InlineData("v*.*.*", "v1.2", false)]
    [InlineData("v*.*.*", "latest", false)]
    [InlineData("release-*", "release-2025", true)]
    [InlineData("**", "team/app", true)]
    public void IsMatch_follows_doublestar(string pattern, string value, bool expected)
    {
        Assert.True(DoublestarPattern.TryParse(pattern, out var parsed, out var error), error);

        Assert.Equal(expected, parsed!.IsMatch(value));
    }

    [Theory]
    [InlineData("[abc", "never closed")]
    [InlineData("v[0-9", "never closed")]
    [InlineData("{a,b", "never closed")]
    [InlineData("{a,{b}", "never closed")]
    [InlineData("a\\", "escape")]
    [InlineData("[a\\", "escape")]
    [InlineData("[]", "empty")]
    [InlineData("[!]", "empty")]
    public void TryParse_refuses_bad_patterns_with_a_reason(string pattern, string reason)
    {
        Assert.False(DoublestarPattern.TryParse(pattern, out var parsed, out var error));

        Assert.Null(parsed);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_of_bad_pattern_throws_and_ToString_is_the_pattern()
    {
        Assert.Throws<ArgumentException>(() => DoublestarPattern.Parse("{"));

        Assert.Equal("v*.*.*", DoublestarPattern.Parse("v*.*.*").ToString());
    }

    [Fact]
    public void IsMatch_of_long_hostile_value_is_linear()
    {
        var pattern = DoublestarPattern.Parse("*a*a*a*a*a*a*a*a*b");

        Assert.False(pattern.IsMatch(new string('a', 100_000)));
    }
}
