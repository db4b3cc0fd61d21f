using ArtifactKeeper.Replication.ProxyCache;

namespace ArtifactKeeper.Tests.Unit.Replication.ProxyCache;

public sealed class FarRangeTests
{
    private const long Threshold = 1000;
    private static readonly FarRange Far = new(Threshold);

    [Theory]
    [InlineData("bytes=5000-5999", 0, 10_000, "bytes=5000-5999")]
    [InlineData("bytes=5000-", 0, 10_000, "bytes=5000-9999")]
    [InlineData("bytes=-100", 0, 10_000, "bytes=9900-9999")]
    [InlineData("bytes=5000-99999", 0, 10_000, "bytes=5000-9999")]
    [InlineData("bytes=5000-5999", 3999, 10_000, "bytes=5000-5999")]
    [InlineData("bytes=5000-5999", 0, -1, "bytes=5000-5999")]
    [InlineData("bytes=5000-", 0, -1, "bytes=5000-")]
    public void A_range_starting_more_than_the_threshold_past_what_arrived_is_asked_of_upstream(string header, long arrived, long length, string expected)
    {
        Assert.Equal(expected, Far.UpstreamRange(header, arrived, length));
    }

    [Theory]
    [InlineData("bytes=5000-5999", 4000, 10_000)]
    [InlineData("bytes=1000-1999", 0, 10_000)]
    [InlineData("bytes=5000-5999", 6000, 10_000)]
    [InlineData("bytes=-100", 0, -1)]
    [InlineData("bytes=-100", 0, 500)]
    [InlineData("bytes=20000-", 0, 10_000)]
    [InlineData("bytes=0-10,5000-5999", 0, 10_000)]
    [InlineData("items=5000-5999", 0, 10_000)]
    [InlineData("", 0, 10_000)]
    [InlineData(null, 0, 10_000)]
    public void A_near_unknown_unsatisfiable_or_unusable_range_waits_for_the_download(string? header, long arrived, long length)
    {
        Assert.Null(Far.UpstreamRange(header, arrived, length));
    }
}
