using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

/// <summary>RubyGems has no vector file in the shared fixtures; these follow Gem::Version's documented behaviour.</summary>
public sealed class RubyGemsVersionOrderingTests
{
    private static readonly RubyGemsVersionOrdering Ordering = RubyGemsVersionOrdering.Instance;

    [Theory]
    [InlineData("1.0", "=", "1")]
    [InlineData("1.0.0", "=", "1")]
    [InlineData("1.9.3", "<", "1.10.0")]
    [InlineData("1.01", "=", "1.1")]
    [InlineData("2.7.1", ">", "2.7.0.1")]
    // A letter makes a pre-release: below the release and above the previous one.
    [InlineData("1.0.a", "<", "1.0")]
    [InlineData("1.0.0.pre", "<", "1.0.0")]
    [InlineData("1.0.rc1", "<", "1.0")]
    [InlineData("1.0.rc1", ">", "1.0.beta2")]
    [InlineData("1.0.b1", "<", "1.0.b2")]
    [InlineData("0.9", "<", "1.0.a")]
    [InlineData("1.0.a", "=", "1.a")]
    [InlineData("1.0.a.0", "=", "1.a")]
    [InlineData("1.0.a10", ">", "1.0.a9")]
    [InlineData("5.2.4.rc1", "<", "5.2.4")]
    [InlineData("6.1.7.3", ">", "6.1.7.2")]
    // A '-' tail reads as ".pre.".
    [InlineData("1.0.0-rc1", "=", "1.0.0.pre.rc1")]
    [InlineData("1.0.0-1", "<", "1.0.0")]
    // Strings by bytes: uppercase sorts before lowercase.
    [InlineData("1.0.B", "<", "1.0.a")]
    [InlineData("", "=", "0")]
    public void Compare_follows_Gem_Version(string left, string op, string right) =>
        VersionVectors.AssertAll(Ordering, [VersionVectors.Inline(left, op, right)]);

    [Theory]
    [InlineData("junk")]
    [InlineData("1..0")]
    [InlineData("1.0_1")]
    [InlineData("1.0-")]
    [InlineData("v1.0")]
    public void Malformed_versions_are_invalid(string version)
    {
        Assert.False(Ordering.IsValid(version));
        Assert.False(Ordering.TryCompare(version, "1.0", out _));
    }
}
