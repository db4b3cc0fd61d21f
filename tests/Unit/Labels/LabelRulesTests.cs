using ArtifactKeeper.Labels;

namespace ArtifactKeeper.Tests.Unit.Labels;

public sealed class LabelRulesTests
{
    [Theory]
    [InlineData("prod")]
    [InlineData("a")]
    [InlineData("with space/and:punctuation")]
    [InlineData("é")]
    public void CheckName_accepts_names_of_1_to_128_bytes(string name)
    {
        Assert.Null(LabelRules.CheckName(name));
        Assert.Null(LabelRules.CheckName(new string('x', 128)));
    }

    [Fact]
    public void CheckName_refuses_missing_empty_and_over_128_byte_names()
    {
        Assert.NotNull(LabelRules.CheckName(null));
        Assert.Contains("empty", LabelRules.CheckName(""), StringComparison.Ordinal);
        Assert.Contains("128", LabelRules.CheckName(new string('x', 129)), StringComparison.Ordinal);

        // Counted in UTF-8 bytes as Harbor does: 65 two-byte characters are 130 bytes.
        Assert.NotNull(LabelRules.CheckName(new string('é', 65)));
        Assert.Null(LabelRules.CheckName(new string('é', 64)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("#fff")]
    [InlineData("#FFFA")]
    [InlineData("#61717D")]
    [InlineData("#61717dcc")]
    public void CheckColor_accepts_no_color_and_hex_colors(string? color) => Assert.Null(LabelRules.CheckColor(color));

    [Theory]
    [InlineData("red")]
    [InlineData("61717D")]
    [InlineData("#")]
    [InlineData("#ff")]
    [InlineData("#fffff")]
    [InlineData("#61717G")]
    [InlineData("#61717D00ff")]
    [InlineData(" #fff")]
    public void CheckColor_refuses_anything_else(string color) => Assert.Contains(color, LabelRules.CheckColor(color), StringComparison.Ordinal);

    [Fact]
    public void CheckScope_global_takes_no_project_and_project_needs_a_positive_one()
    {
        Assert.Null(LabelRules.CheckScope("g", null));
        Assert.Null(LabelRules.CheckScope("g", 0));
        Assert.NotNull(LabelRules.CheckScope("g", 3));
        Assert.Null(LabelRules.CheckScope("p", 3));
        Assert.NotNull(LabelRules.CheckScope("p", null));
        Assert.NotNull(LabelRules.CheckScope("p", 0));
        Assert.NotNull(LabelRules.CheckScope("p", -1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("global")]
    [InlineData("s")]
    public void CheckScope_refuses_scopes_other_than_g_and_p(string? scope) =>
        Assert.Contains("scope", LabelRules.CheckScope(scope, null), StringComparison.Ordinal);

    [Fact]
    public void CheckNew_reports_the_first_broken_rule_and_accepts_a_valid_label()
    {
        Assert.Null(LabelRules.CheckNew("prod", "#fff", "p", 1));
        Assert.Contains("empty", LabelRules.CheckNew("", "bad", "x", null), StringComparison.Ordinal);
        Assert.Contains("color", LabelRules.CheckNew("prod", "bad", "x", null), StringComparison.Ordinal);
        Assert.Contains("scope", LabelRules.CheckNew("prod", null, "x", null), StringComparison.Ordinal);
    }
}
