using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Projects;

public sealed class ProjectMetadataTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    [InlineData("", false)]
    public void IsPublic_reads_public_flag(string value, bool expected)
    {
        Assert.Equal(expected, ProjectMetadata.IsPublic(new Dictionary<string, string> { [ProjectMetadata.Public] = value }));
    }

    [Fact]
    public void IsPublic_missing_key_returns_false()
    {
        Assert.False(ProjectMetadata.IsPublic(new Dictionary<string, string>()));
    }
}
