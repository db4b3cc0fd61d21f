using ArtifactKeeper.Projects;

namespace ArtifactKeeper.Tests.Unit.Projects;

public sealed class ProjectMetadataTests
{
    [Fact]
    public void Normalize_null_adds_private_default()
    {
        var result = ProjectMetadata.Normalize(null);

        Assert.Equal(new Dictionary<string, string> { [ProjectMetadata.Public] = "false" }, result);
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("TRUE", "true")]
    [InlineData(" true ", "true")]
    [InlineData("false", "false")]
    [InlineData("False", "false")]
    [InlineData("yes", "yes")]
    [InlineData("1", "1")]
    public void Normalize_boolean_strings_become_lowercase_and_others_stay(string given, string expected)
    {
        var result = ProjectMetadata.Normalize(new Dictionary<string, string> { [ProjectMetadata.Public] = given, ["auto_scan"] = given });

        Assert.Equal(expected, result[ProjectMetadata.Public]);
        Assert.Equal(expected, result["auto_scan"]);
        Assert.Equal(2, result.Count);
    }

    [Fact]
    public void Normalize_without_public_key_keeps_other_keys_and_adds_private()
    {
        var result = ProjectMetadata.Normalize(new Dictionary<string, string> { ["severity"] = "high" });

        Assert.Equal("high", result["severity"]);
        Assert.Equal("false", result[ProjectMetadata.Public]);
    }

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
