using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class HarborSortParserTests
{
    private static readonly HashSet<string> Fields = new(["name", "creation_time", "update_time"], StringComparer.Ordinal);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Parse_empty_gives_no_keys(string? sort)
    {
        Assert.Empty(HarborSortParser.Parse(sort, Fields));
    }

    [Fact]
    public void Parse_ascending_and_descending_in_order()
    {
        Assert.Equal(
            [new SortKey("name", false), new SortKey("creation_time", true)],
            HarborSortParser.Parse("name,-creation_time", Fields));
    }

    [Fact]
    public void Parse_skips_fields_not_allowed_and_empty_pieces()
    {
        Assert.Equal([new SortKey("update_time", true)], HarborSortParser.Parse("color,,-update_time,-", Fields));
    }

    [Fact]
    public void Parse_keeps_first_mention_of_a_field()
    {
        Assert.Equal([new SortKey("name", true)], HarborSortParser.Parse("-name,name", Fields));
    }
}
