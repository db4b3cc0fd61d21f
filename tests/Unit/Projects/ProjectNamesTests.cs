using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Projects;

public sealed class ProjectNamesTests
{
    [Theory]
    [InlineData("library")]
    [InlineData("a")]
    [InlineData("7")]
    [InlineData("my-project")]
    [InlineData("a.b_c-d")]
    [InlineData("team1.prod")]
    public void IsValid_harbor_style_name_returns_true(string name)
    {
        Assert.True(ProjectNames.IsValid(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Library")]
    [InlineData("-lead")]
    [InlineData("_lead")]
    [InlineData(".lead")]
    [InlineData("trail-")]
    [InlineData("trail.")]
    [InlineData("dou--ble")]
    [InlineData("mi._xed")]
    [InlineData("a/b")]
    [InlineData("has space")]
    [InlineData("caf\u00e9")]
    [InlineData("a:b")]
    public void IsValid_bad_name_returns_false(string name)
    {
        Assert.False(ProjectNames.IsValid(name));
    }

    [Fact]
    public void IsValid_length_limit_is_inclusive()
    {
        Assert.True(ProjectNames.IsValid(new string('a', ProjectNames.MaxLength)));
        Assert.False(ProjectNames.IsValid(new string('a', ProjectNames.MaxLength + 1)));
    }
}
