using ArtifactKeeper.Oci;

namespace ArtifactKeeper.Tests.Unit.Oci;

public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 0, 10)]
    [InlineData("bytes=10-19", 10, 10)]
    [InlineData("bytes=99-99", 99, 1)]
    [InlineData("bytes=0-0", 0, 1)]
    [InlineData("bytes=50-500", 50, 50)]
    [InlineData("bytes=10-", 10, 90)]
    [InlineData("bytes=0-", 0, 100)]
    [InlineData("bytes=99-", 99, 1)]
    [InlineData("bytes=-10", 90, 10)]
    [InlineData("bytes=-1", 99, 1)]
    [InlineData("bytes=-100", 0, 100)]
    [InlineData("bytes=-500", 0, 100)]
    [InlineData("BYTES=1-2", 1, 2)]
    [InlineData("  bytes= 5 - 6  ", 5, 2)]
    public void TryResolve_satisfiable_range_returns_partial(string header, long offset, long length)
    {
        var outcome = ByteRange.TryResolve(header, 100, out var range);

        Assert.Equal(ByteRange.Parse.Partial, outcome);
        Assert.Equal(new ByteRange(offset, length), range);
    }

    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=100-200")]
    [InlineData("bytes=1000-1001")]
    [InlineData("bytes=-0")]
    public void TryResolve_range_outside_blob_returns_unsatisfiable(string header)
    {
        Assert.Equal(ByteRange.Parse.Unsatisfiable, ByteRange.TryResolve(header, 100, out _));
    }

    [Theory]
    [InlineData("bytes=0-")]
    [InlineData("bytes=0-0")]
    [InlineData("bytes=-5")]
    public void TryResolve_any_range_of_empty_blob_returns_unsatisfiable(string header)
    {
        Assert.Equal(ByteRange.Parse.Unsatisfiable, ByteRange.TryResolve(header, 0, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=0-1, 200-300")]
    [InlineData("items=0-5")]
    [InlineData("0-5")]
    [InlineData("bytes=5")]
    [InlineData("bytes=")]
    [InlineData("bytes=-")]
    [InlineData("bytes=9-2")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=1-x")]
    [InlineData("bytes=-abc")]
    [InlineData("bytes=--5")]
    [InlineData("bytes=-1-5")]
    public void TryResolve_missing_malformed_or_multi_range_returns_whole(string? header)
    {
        var outcome = ByteRange.TryResolve(header, 100, out var range);

        Assert.Equal(ByteRange.Parse.Whole, outcome);
        Assert.Equal(new ByteRange(0, 100), range);
    }

    [Fact]
    public void TryResolve_multi_range_starting_past_end_is_ignored_not_refused()
    {
        Assert.Equal(ByteRange.Parse.Whole, ByteRange.TryResolve("bytes=500-600,700-800", 100, out _));
    }
}
