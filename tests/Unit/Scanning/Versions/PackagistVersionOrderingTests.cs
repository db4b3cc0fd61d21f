using ArtifactKeeper.Scanning.Versions;

namespace ArtifactKeeper.Tests.Unit.Scanning.Versions;

/// <summary>PHP version_compare as OSV applies it to Packagist (no vector file in the shared fixtures).</summary>
public sealed class PackagistVersionOrderingTests
{
    private static readonly PackagistVersionOrdering Ordering = PackagistVersionOrdering.Instance;

    [Theory]
    [InlineData("1.10", ">", "1.9")]
    [InlineData("5.2", "<", "5.2.0")] // version_compare does not pad
    [InlineData("v1.2.3", "=", "1.2.3")]
    [InlineData("1.0.0", "=", "1.0.0")]
    // Special forms: other words < dev < alpha = a < beta = b < RC = rc < number < pl = p.
    [InlineData("1.0-foo", "<", "1.0-dev")]
    [InlineData("1.0-dev", "<", "1.0-alpha")]
    [InlineData("1.0-alpha", "=", "1.0a")]
    [InlineData("1.0-alpha2", "<", "1.0-beta1")]
    [InlineData("1.0-beta", "=", "1.0b")]
    [InlineData("1.0-beta3", "<", "1.0-RC1")]
    [InlineData("1.0-RC1", "=", "1.0rc1")]
    [InlineData("1.0-RC1", "<", "1.0")]
    [InlineData("1.0", "<", "1.0-pl1")]
    [InlineData("1.0.0-patch1", ">", "1.0.0")]
    [InlineData("5.3.0-dev", "<", "5.3.0")]
    [InlineData("1.0.0-beta1", "<", "1.0.0-beta2")]
    [InlineData("1.0.0-beta.2", "=", "1.0.0-beta2")]
    [InlineData("1_0+1", "=", "1.0.1")]
    [InlineData("1..0", "=", "1.0")]
    [InlineData("2.0.0-RC1", ">", "2.0.0-beta10")]
    public void Compare_follows_version_compare(string left, string op, string right) =>
        VersionVectors.AssertAll(Ordering, [VersionVectors.Inline(left, op, right)]);

    [Fact]
    public void Only_blank_strings_are_invalid()
    {
        Assert.False(Ordering.IsValid(""));
        Assert.False(Ordering.IsValid("  "));
        Assert.True(Ordering.IsValid("dev-master"));
        Assert.True(Ordering.Compare("", "0") < 0);
    }
}
