using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

public sealed class DpkgVersionOrderingTests
{
    private static readonly DpkgVersionOrdering Ordering = DpkgVersionOrdering.Instance;

    [Theory]
    // Epochs: absent is 0, and an epoch outweighs everything after it.
    [InlineData("1.0", "=", "0:1.0")]
    [InlineData("1:1.0", ">", "9.9")]
    [InlineData("1:2.38.1-5+b1", ">", "2.38.1-5+deb12u1")]
    [InlineData("10:0.1", ">", "2:9.9")]
    [InlineData("01:1.0", "=", "1:1.0")]
    // Revision after the last hyphen; absent equals "0".
    [InlineData("1.0", "=", "1.0-0")]
    [InlineData("1.0-1", "<", "1.0-2")]
    [InlineData("1.0-a-1", ">", "1.0-1")]
    [InlineData("1.2.3-1~deb7u1", "<", "1.2.3-1")]
    // '~' before the end, the end before letters, letters before other characters.
    [InlineData("1.0~~", "<", "1.0~~a")]
    [InlineData("1.0~~a", "<", "1.0~")]
    [InlineData("1.0~", "<", "1.0")]
    [InlineData("1.0", "<", "1.0a")]
    [InlineData("1.0a", "<", "1.0+")]
    [InlineData("1.0a", "<", "1.0.")]
    [InlineData("1.0+b1", "<", "1.0+deb12u1")]
    [InlineData("3.0.13-1~deb12u1", "<", "3.0.13-1")]
    // Digit runs by value, leading zeros ignored.
    [InlineData("0.9", "<", "0.10")]
    [InlineData("1.002", "=", "1.2")]
    [InlineData("3.0.9-1", "<", "3.0.13-1~deb12u1")]
    [InlineData("1.2.13.dfsg-1", "<", "1:1.2.11.dfsg-4.1")]
    [InlineData("5.2.15-2+b8", ">", "5.2.15-2")]
    [InlineData("2.7.4+reloaded2-13ubuntu1", "<", "2.7.4+reloaded2-13+deb9u1")]
    [InlineData("99999999999999999999999", "<", "100000000000000000000000")]
    public void Compare_follows_dpkg(string left, string op, string right) =>
        VersionVectors.AssertAll(Ordering, [VersionVectors.Inline(left, op, right)]);

    [Theory]
    [InlineData("1.0")]
    [InlineData("1:9.2p1-2+deb12u3")]
    [InlineData("2.36-9+deb12u3")]
    [InlineData("1.0~rc1-0ubuntu1")]
    public void IsValid_accepts_debian_versions(string version) => Assert.True(Ordering.IsValid(version));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a:1.0")]
    [InlineData("-1:1.0")]
    [InlineData("1:")]
    [InlineData("1.0-")]
    [InlineData("1.0 2")]
    public void IsValid_refuses_what_dpkg_calls_bad_syntax(string version)
    {
        Assert.False(Ordering.IsValid(version));
        Assert.False(Ordering.TryCompare(version, "1.0", out var result));
        Assert.Equal(0, result);
        _ = Ordering.Compare(version, "1.0");
    }

    [Fact]
    public void Upstream_vectors_hold() =>
        VersionVectors.AssertAll(Ordering, VersionVectors.ReadFile("debian-versions.txt").Select(line => line.Vector));

    [Fact]
    public void Expected_table_holds() => VersionVectors.AssertAll(Ordering, VersionVectors.ReadExpectedTable("dpkg"));
}
