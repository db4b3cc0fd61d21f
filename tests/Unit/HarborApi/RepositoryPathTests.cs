using ArtifactKeeper.HarborApi.Artifacts;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class RepositoryPathTests
{
    [Theory]
    [InlineData("app", "lib/app")]
    [InlineData("team%2Fapp", "lib/team/app")]
    [InlineData("a%2Fb%2Fc", "lib/a/b/c")]
    public void FullName_decodes_the_segment_once_more(string segment, string expected) =>
        Assert.Equal(expected, RepositoryPath.FullName("lib", segment));

    [Theory]
    [InlineData("")]
    [InlineData("App")]
    [InlineData("a%2F%2Fb")]
    [InlineData("..%2Fx")]
    public void FullName_refuses_invalid_names(string segment) => Assert.Null(RepositoryPath.FullName("lib", segment));

    [Fact]
    public void Encode_double_encodes_the_repository_part()
    {
        Assert.Equal("team%252Fapp", RepositoryPath.Encode("lib/team/app"));
        Assert.Equal("app", RepositoryPath.Encode("lib/app"));
    }
}
