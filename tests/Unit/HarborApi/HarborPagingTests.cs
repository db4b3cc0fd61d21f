using ArtifactKeeper.HarborApi.Conventions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class HarborPagingTests
{
    private static QueryCollection Query(string query) => new(QueryHelpers.ParseQuery(query));

    [Fact]
    public void TryParse_defaults_to_page_1_of_10()
    {
        Assert.True(HarborPaging.TryParse(Query(""), out var page, out var size, out _));
        Assert.Equal((1, 10), (page, size));
    }

    [Theory]
    [InlineData("?page=3&page_size=25", 3, 25)]
    [InlineData("?page_size=100", 1, 100)]
    [InlineData("?page=&page_size=", 1, 10)]
    public void TryParse_reads_valid_values(string query, int expectedPage, int expectedSize)
    {
        Assert.True(HarborPaging.TryParse(Query(query), out var page, out var size, out var error), error);
        Assert.Equal((expectedPage, expectedSize), (page, size));
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?page=-1")]
    [InlineData("?page=x")]
    [InlineData("?page=1.5")]
    [InlineData("?page=99999999999")]
    [InlineData("?page_size=0")]
    [InlineData("?page_size=101")]
    [InlineData("?page_size=ten")]
    [InlineData("?page=1&page=2")]
    public void TryParse_rejects_invalid_values(string query)
    {
        Assert.False(HarborPaging.TryParse(Query(query), out _, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void LinkHeader_single_page_is_null()
    {
        Assert.Null(HarborPaging.LinkHeader("/api/v2.0/projects", Query(""), 10, 1, 10));
    }

    [Fact]
    public void LinkHeader_first_page_has_next_only()
    {
        Assert.Equal(
            "</api/v2.0/projects?page=2&page_size=10>; rel=\"next\"",
            HarborPaging.LinkHeader("/api/v2.0/projects", Query(""), 11, 1, 10));
    }

    [Fact]
    public void LinkHeader_middle_page_has_prev_and_next_and_keeps_other_parameters()
    {
        var link = HarborPaging.LinkHeader("/api/v2.0/projects", Query("?q=name%3D~a&page=2&page_size=5&sort=-name"), 20, 2, 5);

        Assert.Equal(
            "</api/v2.0/projects?q=name%3D~a&sort=-name&page=1&page_size=5>; rel=\"prev\" , " +
            "</api/v2.0/projects?q=name%3D~a&sort=-name&page=3&page_size=5>; rel=\"next\"",
            link);
    }

    [Fact]
    public void LinkHeader_last_page_has_prev_only()
    {
        Assert.Equal(
            "</p?page=2&page_size=10>; rel=\"prev\"",
            HarborPaging.LinkHeader("/p", Query("?page=3"), 25, 3, 10));
    }

    [Fact]
    public void LinkHeader_page_past_the_end_has_no_prev_beyond_the_data()
    {
        Assert.Null(HarborPaging.LinkHeader("/p", Query(""), 5, 9, 10));
    }
}
