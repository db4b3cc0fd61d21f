using ArtifactKeeper.HarborApi.Conventions;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class ProjectNameOrIdTests
{
    [Theory]
    [InlineData("1", null, 1L)]
    [InlineData("42", "false", 42L)]
    [InlineData("42", "no", 42L)]
    public void Parse_number_is_an_id(string value, string? header, long id)
    {
        Assert.Equal(new ProjectNameOrId(id, null), ProjectNameOrId.Parse(value, header));
    }

    [Theory]
    [InlineData("library", null)]
    [InlineData("42", "true")]
    [InlineData("42", "True")]
    [InlineData("42", "1")]
    [InlineData("-1", null)]
    [InlineData("1e3", null)]
    [InlineData(" 7", null)]
    public void Parse_name_or_header_true_is_a_name(string value, string? header)
    {
        Assert.Equal(new ProjectNameOrId(null, value), ProjectNameOrId.Parse(value, header));
    }
}
