using ArtifactKeeper.Oci;

namespace ArtifactKeeper.Tests.Unit.Oci;

public sealed class ContentRangeTests
{
    [Theory]
    [InlineData("0-1023", 0, 1023)]
    [InlineData("1024-2047", 1024, 2047)]
    [InlineData("5-5", 5, 5)]
    [InlineData("bytes 0-99", 0, 99)]
    [InlineData("bytes=100-199", 100, 199)]
    [InlineData("bytes 0-99/100", 0, 99)]
    [InlineData("bytes 0-99/*", 0, 99)]
    [InlineData("bytes=0-99/1000", 0, 99)]
    [InlineData("Bytes 1-2", 1, 2)]
    [InlineData("  0-9  ", 0, 9)]
    [InlineData("0-9223372036854775806", 0, 9223372036854775806)]
    public void TryParse_accepted_form_returns_inclusive_range(string header, long start, long end)
    {
        Assert.True(ContentRange.TryParse(header, out var range));
        Assert.Equal(new ContentRange(start, end), range);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bytes")]
    [InlineData("bytes ")]
    [InlineData("-")]
    [InlineData("0-")]
    [InlineData("-5")]
    [InlineData("-1-5")]
    [InlineData("1--5")]
    [InlineData("+1-5")]
    [InlineData("1-+5")]
    [InlineData("a-b")]
    [InlineData("1-2x")]
    [InlineData("0x10-0x20")]
    [InlineData("1 -2")]
    [InlineData("1,000-2,000")]
    [InlineData("10-9")]
    [InlineData("0-99999999999999999999")]
    [InlineData("99999999999999999999-99999999999999999999")]
    [InlineData("0-9/10")]
    [InlineData("bytes 0-99/99")]
    [InlineData("bytes 0-99/50")]
    [InlineData("bytes 0-99/")]
    [InlineData("bytes 0-99/abc")]
    [InlineData("bytes 0-99/-1")]
    [InlineData("bytes:0-99")]
    [InlineData("bytes0-99")]
    [InlineData("items 0-99")]
    [InlineData("0-1-2")]
    public void TryParse_malformed_header_returns_false(string? header)
    {
        Assert.False(ContentRange.TryParse(header, out var range));
        Assert.Equal(default, range);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0, 1023, 1024)]
    [InlineData(1024, 2047, 1024)]
    public void Length_counts_both_ends(long start, long end, long length)
    {
        Assert.Equal(length, new ContentRange(start, end).Length);
    }
}
