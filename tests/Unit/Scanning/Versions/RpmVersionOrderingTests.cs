using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

public sealed class RpmVersionOrderingTests
{
    private static readonly RpmVersionOrdering Ordering = RpmVersionOrdering.Instance;

    /// <summary>
    /// EXPECTED.md §8 caveats: 113 and 136 (rpm 4.18 says "1" = "1-"), 171 (non-ASCII; rpm says '&gt;'), 91–105
    /// (letters as epochs, which rpm rejects).
    /// </summary>
    private static readonly HashSet<int> Caveats = [113, 136, 171, .. Enumerable.Range(91, 15)];

    [Theory]
    // Epochs: the leading digits before ':'; absent equals an explicit 0.
    [InlineData("0:2.13.3-3.el8_6.1", ">", "2.13.3-3.el8_6")]
    [InlineData("0:1.0-1", "=", "1.0-1")]
    [InlineData("1:1.0.2k-16.el7", ">", "1.0.2k-19.el7")]
    [InlineData("3", "<", "1:2")]
    [InlineData("01:2", "=", "1:2")]
    // Release after the last '-'; no release below any release.
    [InlineData("1", "<", "1-1")]
    [InlineData("1-1.el7", "<", "1-1.el7_9")]
    [InlineData("2.13.3-3.el8_6.1", "<", "0:2.13.3-3.el8_6.2")]
    // Segments: digits by value, letters by ASCII, digits above letters, separators only split.
    [InlineData("10.0001", "=", "10.1")]
    [InlineData("2.0", "=", "2_0")]
    [InlineData("2.0.1a", ">", "2.0.1")]
    [InlineData("5.5p1", "<", "5.5p10")]
    [InlineData("6.0.rc1", ">", "6.0")]
    [InlineData("xyz.4", "<", "2")]
    [InlineData("1-1.ael7b", "<", "1-1.el7")]
    [InlineData("1.0aa", ">", "1.0a")]
    [InlineData("1.0Z", "<", "1.0a")]
    // '~' before everything (even the end); '^' after the end but before anything else.
    [InlineData("1.0~rc1", "<", "1.0")]
    [InlineData("1.0~rc1~git123", "<", "1.0~rc1")]
    [InlineData("1.0~rc1", "<", "1.0arc1")]
    [InlineData("1.0^", ">", "1.0")]
    [InlineData("1.0^git1", "<", "1.01")]
    [InlineData("1.0^20160101", "<", "1.0.1")]
    [InlineData("1.0^git1~pre", "<", "1.0^git1")]
    [InlineData("1.0~rc1^git1", ">", "1.0~rc1")]
    public void Compare_follows_rpm(string left, string op, string right) =>
        VersionVectors.AssertAll(Ordering, [VersionVectors.Inline(left, op, right)]);

    [Fact]
    public void Only_blank_strings_are_invalid()
    {
        Assert.False(Ordering.IsValid(""));
        Assert.False(Ordering.IsValid(" "));
        Assert.False(Ordering.IsValid(null));
        Assert.True(Ordering.IsValid("1.m+e2:1"));
        Assert.False(Ordering.TryCompare("", "1.0", out _));
        Assert.True(Ordering.Compare("", "1.0") < 0);
    }

    [Fact]
    public void Upstream_vectors_hold()
    {
        var lines = VersionVectors.ReadFile("redhat-versions.txt");
        VersionVectors.AssertAll(Ordering, lines.Where(line => !Caveats.Contains(line.Line)).Select(line => line.Vector));
        VersionVectors.AssertNoThrow(Ordering, lines.Where(line => Caveats.Contains(line.Line)).Select(line => line.Vector));
    }

    [Fact]
    public void A_trailing_hyphen_equals_no_release_as_rpm_4_18_labelCompare_says() =>
        Assert.Equal(0, Ordering.Compare("1", "1-"));

    [Fact]
    public void Expected_table_holds() => VersionVectors.AssertAll(Ordering, VersionVectors.ReadExpectedTable("rpm"));
}
