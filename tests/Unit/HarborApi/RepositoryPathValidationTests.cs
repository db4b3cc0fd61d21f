using ArtifactKeeper.HarborApi.Artifacts;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class RepositoryPathValidationTests
{
    [Theory]
    [InlineData("app", "lib/app")]
    [InlineData("team%2Fapp", "lib/team/app")]
    [InlineData("a%2Fb%2Fc", "lib/a/b/c")]
    public void FullName_prefixes_the_project_and_decodes_the_remaining_encoding(string segment, string expected) =>
        Assert.Equal(expected, RepositoryPath.FullName("lib", segment));

    [Theory]
    [InlineData("")]
    [InlineData("App")]
    [InlineData("a%2F%2Fb")]
    [InlineData("..%2Fetc")]
    [InlineData("a%20b")]
    public void FullName_is_null_for_invalid_names(string segment) => Assert.Null(RepositoryPath.FullName("lib", segment));

    [Theory]
    [InlineData("latest", true)]
    [InlineData("v1.2.3-rc_1", true)]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("sha256:short", false)]
    [InlineData(".hidden", false)]
    [InlineData("", false)]
    public void IsValidReference_takes_tags_and_digests(string reference, bool valid) =>
        Assert.Equal(valid, RepositoryPath.IsValidReference(reference));
}
