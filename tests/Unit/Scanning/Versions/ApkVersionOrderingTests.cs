using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

public sealed class ApkVersionOrderingTests
{
    private static readonly ApkVersionOrdering Ordering = ApkVersionOrdering.Instance;

    [Theory]
    // Numbers by value; the first number never as a fraction.
    [InlineData("1.2.10", ">", "1.2.9")]
    [InlineData("006", ">", "1.0.0")]
    [InlineData("1.2", "<", "1.2.1")]
    // A later number with a leading zero compares as text, like a fraction.
    [InlineData("4.5.14", ">", "4.09-r1")]
    [InlineData("2.10.1", ">", "02.08.01b")]
    [InlineData("1.02", "<", "1.1")]
    // One trailing letter.
    [InlineData("1.0.2h-r1", "<", "1.0.2q-r0")]
    [InlineData("1.2a", "<", "1.2.1")]
    [InlineData("1.2", "<", "1.2a")]
    // Suffixes: _alpha < _beta < _pre < _rc < none < _cvs < _svn < _git < _hg < _p.
    [InlineData("1.2_alpha", "<", "1.2_beta")]
    [InlineData("1.2_beta9", "<", "1.2_pre1")]
    [InlineData("1.2_pre2", "<", "1.2_rc1")]
    [InlineData("1.2_rc9", "<", "1.2")]
    [InlineData("1.2", "<", "1.2_cvs1")]
    [InlineData("1.2_cvs9", "<", "1.2_svn1")]
    [InlineData("1.2_svn2", "<", "1.2_git1")]
    [InlineData("1.2_git9", "<", "1.2_hg1")]
    [InlineData("1.2_hg9", "<", "1.2_p1")]
    [InlineData("1.0_p9-r0", "<", "1.0_p10-r0")]
    [InlineData("0.1.0_alpha_pre2", "<", "0.1.0_alpha")]
    [InlineData("0.1.0_alpha", "<", "0.1.0_alpha2")]
    // -rN revisions by value; a revision below any post-release suffix.
    [InlineData("1-r1", "=", "1-r01")]
    [InlineData("1.2.11-r1", "<", "1.2.11-r4")]
    [InlineData("1.3.5-r10", ">", "1.3.5-r9")]
    [InlineData("1.2", "<", "1.2-r0")]
    [InlineData("1.2-r5", "<", "1.2_p1")]
    [InlineData("1.2.13-r1", ">", "1.2.12-r2")]
    // A commit hash sits between the suffixes and the revision.
    [InlineData("1.0~abc1", ">", "1.0")]
    [InlineData("1.0~abc1-r1", ">", "1.0~abc1-r0")]
    public void Compare_follows_apk(string left, string op, string right) =>
        VersionVectors.AssertAll(Ordering, [VersionVectors.Inline(left, op, right)]);

    [Theory]
    [InlineData("1-r")]
    [InlineData("1-r-1")]
    [InlineData("1-ruff")]
    [InlineData("1.2_blah")]
    [InlineData("1.0bc")]
    [InlineData("1.2.0A")]
    [InlineData("6.6.2p1")]
    [InlineData("0..1")]
    [InlineData(".1")]
    [InlineData("a")]
    [InlineData("")]
    public void Malformed_versions_are_invalid_but_still_ordered(string version)
    {
        Assert.False(Ordering.IsValid(version));
        Assert.False(Ordering.TryCompare(version, "1.0", out _));
        Assert.Equal(-Ordering.Compare(version, "1.0-r0"), Ordering.Compare("1.0-r0", version));
    }

    [Fact]
    public void A_malformed_tail_sorts_below_the_end() => Assert.True(Ordering.Compare("1", "1-ruff") > 0);

    [Fact]
    public void Upstream_vectors_hold_for_every_line_the_grammar_accepts()
    {
        // EXPECTED.md §8 caveats: many lines are deliberately malformed and apk 2.x and 3.x order them differently,
        // so only lines whose two versions apk accepts are assertions (741 of 778, as EXPECTED.md counts).
        var lines = VersionVectors.ReadFile("alpine-versions.txt").Select(line => line.Vector).ToList();
        var valid = lines.Where(vector => Ordering.IsValid(vector.Left) && Ordering.IsValid(vector.Right)).ToList();
        Assert.Equal(741, valid.Count);
        VersionVectors.AssertAll(Ordering, valid);
        VersionVectors.AssertNoThrow(Ordering, lines.Except(valid));
    }

    [Fact]
    public void Expected_table_holds() =>
        VersionVectors.AssertAll(Ordering, VersionVectors.ReadExpectedTable("apk").Where(vector => vector.Left != "1-r"));
}
