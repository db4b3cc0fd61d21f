using ArtifactKeeper.Access.Robots;

namespace ArtifactKeeper.Tests.Unit.Access.Robots;

public sealed class RobotNamesTests
{
    [Theory]
    [InlineData("ci", true)]
    [InlineData("ci-bot.v2_x", true)]
    [InlineData("a1", true)]
    [InlineData("", false)]
    [InlineData("CI", false)]
    [InlineData("lib+ci", false)]
    [InlineData("-ci", false)]
    [InlineData("ci-", false)]
    [InlineData("c..i", false)]
    [InlineData("robot$ci", false)]
    [InlineData("c i", false)]
    public void IsValidName_follows_harbors_pattern_and_never_allows_plus(string name, bool expected) =>
        Assert.Equal(expected, RobotNames.IsValidName(name));

    [Fact]
    public void IsValidName_refuses_names_longer_than_the_column() =>
        Assert.False(RobotNames.IsValidName(new string('a', RobotNames.MaxStoredLength + 1)));

    [Fact]
    public void Stored_and_full_names_carry_the_project_and_prefix()
    {
        Assert.Equal("lib+ci", RobotNames.Stored("ci", "lib"));
        Assert.Equal("ci", RobotNames.Stored("ci", null));
        Assert.Equal("robot$lib+ci", RobotNames.Full("lib+ci"));
        Assert.Equal("lib", RobotNames.ProjectOf("lib+ci"));
        Assert.Null(RobotNames.ProjectOf("ci"));
    }

    [Theory]
    [InlineData("robot$lib+ci", "lib+ci")]
    [InlineData("robot$sys", "sys")]
    public void TryParseUsername_strips_the_prefix(string username, string stored)
    {
        Assert.True(RobotNames.TryParseUsername(username, out var parsed));
        Assert.Equal(stored, parsed);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("robot$")]
    [InlineData("Robot$ci")]
    [InlineData("robotci")]
    public void TryParseUsername_refuses_non_robot_usernames(string username) =>
        Assert.False(RobotNames.TryParseUsername(username, out _));
}
