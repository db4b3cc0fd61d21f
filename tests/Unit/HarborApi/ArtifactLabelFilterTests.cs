using ArtifactKeeper.HarborApi.Artifacts;
using ArtifactKeeper.Storage.Metadata.Queries;

namespace ArtifactKeeper.Tests.Unit.HarborApi;

public sealed class ArtifactLabelFilterTests
{
    [Fact]
    public void One_id_all_ids_and_any_id_are_harbors_three_spellings()
    {
        Assert.True(ArtifactLabelFilter.TryParse(new ExactValue("3"), out var one, out _));
        Assert.True(ArtifactLabelFilter.TryParse(new AndListValue(["1", "2"]), out var all, out _));
        Assert.True(ArtifactLabelFilter.TryParse(new OrListValue(["1", "2"]), out var any, out _));

        Assert.Equal([3L], one!.LabelIds);
        Assert.True(one.MatchAll);
        Assert.Equal([1L, 2L], all!.LabelIds);
        Assert.True(all.MatchAll);
        Assert.Equal([1L, 2L], any!.LabelIds);
        Assert.False(any.MatchAll);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("0")]
    [InlineData("-1")]
    public void Anything_but_positive_ids_is_refused(string id)
    {
        Assert.False(ArtifactLabelFilter.TryParse(new ExactValue(id), out _, out var error));
        Assert.Contains(id, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fuzzy_and_range_values_are_refused()
    {
        Assert.False(ArtifactLabelFilter.TryParse(new FuzzyValue("1"), out _, out var fuzzy));
        Assert.False(ArtifactLabelFilter.TryParse(new RangeValue("1", "2"), out _, out _));
        Assert.NotNull(fuzzy);
    }

    [Fact]
    public void Labelled_digests_meet_the_querys_own_digest_filter()
    {
        string[] labelled = ["sha256:a", "sha256:b"];

        Assert.Equal(new OrListValue(labelled), ArtifactLabelFilter.NarrowDigests(labelled, null, out _), new OrListComparer());
        Assert.Equal(["sha256:b"], ((OrListValue)ArtifactLabelFilter.NarrowDigests(labelled, new ExactValue("sha256:b"), out _)!).Values);
        Assert.Equal(["sha256:a"], ((OrListValue)ArtifactLabelFilter.NarrowDigests(labelled, new OrListValue(["sha256:a", "sha256:z"]), out _)!).Values);
        Assert.Null(ArtifactLabelFilter.NarrowDigests(labelled, new ExactValue("sha256:z"), out var none));
        Assert.Null(none);
        Assert.Null(ArtifactLabelFilter.NarrowDigests([], null, out _));
        Assert.Null(ArtifactLabelFilter.NarrowDigests(labelled, new FuzzyValue("a"), out var refused));
        Assert.NotNull(refused);
    }

    private sealed class OrListComparer : IEqualityComparer<QueryValue?>
    {
        public bool Equals(QueryValue? x, QueryValue? y) =>
            x is OrListValue a && y is OrListValue b && a.Values.SequenceEqual(b.Values, StringComparer.Ordinal);

        public int GetHashCode(QueryValue? obj) => 0;
    }
}
