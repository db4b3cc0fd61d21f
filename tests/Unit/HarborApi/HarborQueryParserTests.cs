using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class HarborQueryParserTests
{
    private static readonly HashSet<string> Keys = new(["name", "public", "owner", "project_id"], StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, QueryValue> Parse(string q)
    {
        Assert.True(HarborQueryParser.TryParse(q, Keys, out var filters, out var error), error);
        return filters;
    }

    private static string Fail(string q)
    {
        Assert.False(HarborQueryParser.TryParse(q, Keys, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        return error!;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryParse_empty_gives_no_filters(string? q)
    {
        Assert.True(HarborQueryParser.TryParse(q, Keys, out var filters, out _));
        Assert.Empty(filters);
    }

    [Fact]
    public void TryParse_exact_value()
    {
        Assert.Equal(new ExactValue("library"), Parse("name=library")["name"]);
    }

    [Fact]
    public void TryParse_fuzzy_value()
    {
        Assert.Equal(new FuzzyValue("lib"), Parse("name=~lib")["name"]);
    }

    [Fact]
    public void TryParse_backslash_escapes_an_operator()
    {
        Assert.Equal(new ExactValue("~lib"), Parse(@"name=\~lib")["name"]);
    }

    [Theory]
    [InlineData("project_id=[1~10]", "1", "10")]
    [InlineData("project_id=[1~]", "1", null)]
    [InlineData("project_id=[~10]", null, "10")]
    [InlineData("project_id=[ 1 ~ 10 ]", "1", "10")]
    public void TryParse_range(string q, string? min, string? max)
    {
        Assert.Equal(new RangeValue(min, max), Parse(q)["project_id"]);
    }

    [Fact]
    public void TryParse_or_list_splits_on_spaces_and_drops_empties()
    {
        var value = Assert.IsType<OrListValue>(Parse("name={a  b 'c'}")["name"]);
        Assert.Equal(["a", "b", "c"], value.Values);
    }

    [Fact]
    public void TryParse_and_list()
    {
        var value = Assert.IsType<AndListValue>(Parse("name=(a b)")["name"]);
        Assert.Equal(["a", "b"], value.Values);
    }

    [Fact]
    public void TryParse_several_terms()
    {
        var filters = Parse("name=~lib,public=true,owner=admin");

        Assert.Equal(3, filters.Count);
        Assert.Equal(new ExactValue("true"), filters["public"]);
        Assert.Equal(new ExactValue("admin"), filters["owner"]);
    }

    [Fact]
    public void TryParse_url_decodes_the_whole_string()
    {
        var filters = Parse("name%3D~lib%2Cowner%3Dadmin");

        Assert.Equal(new FuzzyValue("lib"), filters["name"]);
        Assert.Equal(new ExactValue("admin"), filters["owner"]);
    }

    [Fact]
    public void TryParse_drops_keys_the_resource_does_not_allow_as_harbor()
    {
        var filters = Parse("name=a,color=blue");

        Assert.Equal(["name"], filters.Keys);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("=x")]
    [InlineData("name=")]
    [InlineData("name=a,")]
    [InlineData(",name=a")]
    public void TryParse_term_without_key_or_value_is_rejected(string q)
    {
        Assert.Contains("\"=\"", Fail(q), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name=~")]
    [InlineData("project_id=[1~10")]
    [InlineData("project_id=[1-10]")]
    [InlineData("project_id=[1~5~10]")]
    [InlineData("project_id=[~]")]
    [InlineData("project_id=[")]
    [InlineData("name={a b")]
    [InlineData("name=(a b")]
    [InlineData("name={")]
    public void TryParse_bad_value_syntax_is_rejected(string q)
    {
        Assert.StartsWith("invalid query string value", Fail(q), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_bad_syntax_is_rejected_even_for_unknown_keys()
    {
        Fail("color=[1~");
    }
}
