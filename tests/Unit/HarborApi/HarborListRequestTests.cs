using ArtifactKeeper.HarborApi.Conventions;
using ArtifactKeeper.Storage.Metadata.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class HarborListRequestTests
{
    private static readonly IReadOnlySet<string> Keys = new HashSet<string>(["name", "id"], StringComparer.Ordinal);

    private static QueryCollection Query(string query) => new(QueryHelpers.ParseQuery(query));

    [Fact]
    public void TryRead_takes_page_size_and_allowed_q_terms_dropping_other_keys()
    {
        Assert.True(HarborListRequest.TryRead(Query("?page=2&page_size=5&q=name%3D~web,owner%3Dbob"), Keys, out var list, out var error), error);

        Assert.Equal((2, 5), (list.Page, list.PageSize));
        Assert.Equal(new FuzzyValue("web"), Assert.Single(list.Filters, f => f.Key == "name").Value);
        Assert.DoesNotContain("owner", list.Filters.Keys);
    }

    [Theory]
    [InlineData("?page=0", "page")]
    [InlineData("?page_size=101", "page_size")]
    [InlineData("?q=name", "query string")]
    public void TryRead_refuses_bad_paging_or_q_with_the_parsers_message(string query, string mentioned)
    {
        Assert.False(HarborListRequest.TryRead(Query(query), Keys, out var list, out var error));

        Assert.Null(list);
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AddFuzzyParameter_replaces_the_q_term_and_ignores_an_empty_parameter()
    {
        Assert.True(HarborListRequest.TryRead(Query("?q=name%3Dexact&name=part&id="), Keys, out var list, out _));

        list.AddFuzzyParameter("name", "name");
        list.AddFuzzyParameter("id", "id");

        Assert.Equal(new FuzzyValue("part"), list.Filters["name"]);
        Assert.DoesNotContain("id", list.Filters.Keys);
    }

    [Fact]
    public void ToListQuery_carries_filters_page_and_the_sortable_keys_of_sort()
    {
        Assert.True(HarborListRequest.TryRead(Query("?page=3&page_size=7&sort=-name,secret"), Keys, out var list, out _));
        list.Filters["id"] = new ExactValue("4");

        var query = list.ToListQuery(new HashSet<string>(["name"], StringComparer.Ordinal));

        Assert.Equal((3, 7), (query.Page, query.PageSize));
        Assert.Equal(new ExactValue("4"), query.Filters["id"]);
        Assert.Equal(new SortKey("name", true), Assert.Single(query.Sorts));
    }
}
